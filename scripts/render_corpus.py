#!/usr/bin/env python3
"""Renders HepChain's sample corpus (corpora/) and its question set (eval/corpus.jsonl).

All texts below were written for HepChain. The explainers state real physics facts; the arXiv abs page
and the Atom feed describe sample records that do not exist and say so. Run through
scripts/render_corpus.sh, which prepares a throwaway venv with reportlab and checks the fonts; see
docs/corpus.md. Output is deterministic (reportlab's invariant mode), so re-running without text
changes leaves git clean.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
EVAL = ROOT / "eval" / "corpus.jsonl"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SAMPLE_NOTE = "HepChain sample corpus · written for the HepChain test suite"

# MARK: - PDF explainers
#
# A document is a dict: title, header (running header text), abstract, and sections. A section is
# (numbered heading, [blocks]); a block is a paragraph string, ("eq", text) for a displayed formula,
# or ("table", [header row, rows...]). Text is plain Unicode; it is XML-escaped before rendering.

BESIII = {
    "file": "pdf/besiii.pdf",
    "title": "BESIII at BEPCII: a tau-charm factory in Beijing",
    "header": "HepChain sample corpus · BESIII at BEPCII",
    "subject": "The BESIII experiment at the Beijing Electron–Positron Collider II",
    "layout": "one-column",
    "abstract": (
        "This explainer describes the Beijing Spectrometer III (BESIII) and the collider that feeds it, "
        "BEPCII. It covers the energy range, the machine parameters, the detector subsystems from the "
        "drift chamber to the muon identifier, the record J/ψ and ψ(3686) data samples, and a few physics "
        "results that made the experiment known."
    ),
    "sections": [
        ("1 Overview", [
            "The Beijing Spectrometer III (BESIII) is a general-purpose detector at the Beijing "
            "Electron–Positron Collider II (BEPCII), which is operated by the Institute of High Energy "
            "Physics (IHEP) of the Chinese Academy of Sciences in Beijing. The collider runs in the "
            "tau-charm energy region: its centre-of-mass energy can be set anywhere between 2.0 and "
            "4.95 GeV. This window contains the production thresholds of τ-lepton pairs (3.554 GeV), of "
            "D-meson pairs (about 3.73 GeV), of Ds-meson pairs and of Λc-baryon pairs (4.573 GeV), and "
            "the narrow vector charmonium states J/ψ and ψ(3686).",
            "Because electrons and positrons annihilate into a single virtual photon, the beam energy "
            "fixes the energy of the whole event. Particles can be produced in pairs right at threshold, "
            "where they are nearly at rest and the event kinematics are tightly constrained. This is "
            "what makes a tau-charm factory complementary to the B factories and to the LHC. BESIII "
            "recorded its first physics data in 2009. It is run by an international collaboration of "
            "roughly 600 physicists from more than 80 institutions.",
        ]),
        ("2 The BEPCII collider", [
            "BEPCII is an upgrade of the original Beijing Electron–Positron Collider (BEPC), which "
            "delivered its first collisions in October 1988 and served the BES and BESII detectors until "
            "2004. BEPCII was built between 2004 and 2008. A second storage ring was installed in the "
            "existing tunnel, turning the single-ring machine into a double-ring collider with one ring "
            "for electrons and one for positrons. Each ring is about 237.5 m in circumference, and a "
            "linear accelerator of about 202 m injects both beams.",
            "The beams cross at the interaction point with a horizontal crossing angle of 22 mrad. The "
            "design foresaw 93 bunches per beam and a beam current of 910 mA. The design luminosity of "
            "1 × 10³³ cm⁻² s⁻¹ at a beam energy of 1.89 GeV, roughly a hundred times that of BEPC, "
            "was reached in April 2016. An upgrade called BEPCII-U aims to triple the luminosity at a "
            "centre-of-mass energy of 4.7 GeV and to raise the maximum energy to 5.6 GeV, so that the "
            "region of the charmonium-like XYZ states and of charmed baryons can be studied with far "
            "larger samples.",
        ]),
        ("3 The BESIII detector", [
            "BESIII covers 93% of the full solid angle. From the beam pipe outwards it consists of a "
            "main drift chamber, a time-of-flight system and an electromagnetic calorimeter, all inside "
            "a superconducting solenoid, followed by a muon identifier embedded in the flux-return yoke "
            "of the magnet.",
        ]),
        ("3.1 Main drift chamber", [
            "The main drift chamber (MDC) is a small-cell chamber filled with a helium-based gas mixture "
            "(He/C3H8 in the ratio 60:40), chosen to keep multiple scattering low for the soft tracks "
            "typical of the tau-charm region. It has 43 sense-wire layers between an inner radius of "
            "59 mm and an outer radius of 810 mm. The single-wire spatial resolution is better than "
            "130 μm, the momentum resolution for charged particles is 0.5% at 1 GeV/c, and the specific "
            "ionisation (dE/dx) is measured with a resolution of about 6%, which identifies pions, kaons "
            "and protons at low momentum.",
        ]),
        ("3.2 Time-of-flight system", [
            "The time-of-flight (TOF) system sits just outside the drift chamber. In the barrel it is "
            "made of two layers of plastic scintillator bars read out by photomultiplier tubes, with a "
            "time resolution of about 68 ps. The end-cap TOF was upgraded in 2015 to multi-gap "
            "resistive plate chambers (MRPC), which reach a time resolution of about 60 ps. Together "
            "with dE/dx, the flight time extends pion–kaon separation to momenta of about 1 GeV/c.",
        ]),
        ("3.3 Electromagnetic calorimeter", [
            "The electromagnetic calorimeter (EMC) is built from 6240 thallium-doped caesium iodide "
            "crystals, CsI(Tl): 5280 in the barrel and 960 in the two end caps. Each crystal is 28 cm "
            "long, which corresponds to 15.1 radiation lengths, and is read out by two photodiodes on "
            "its rear face. The EMC measures photon energies from about 20 MeV to 2 GeV, with an energy "
            "resolution of 2.5% at 1 GeV in the barrel (5% in the end caps) and a position resolution of "
            "6 mm in the barrel (9 mm in the end caps). Reconstructing π0 → γγ and η → γγ decays with "
            "low-energy photons is central to almost every BESIII analysis.",
        ]),
        ("3.4 Magnet and muon identifier", [
            "A superconducting solenoid provides an axial magnetic field of 1.0 T; in 2012 the field was "
            "run at 0.9 T. The steel flux-return yoke is interleaved with resistive plate chambers "
            "(RPCs) that identify muons: nine layers in the barrel and eight in each end cap. Because "
            "muons must penetrate the calorimeter, the coil and the steel, the muon identifier is "
            "efficient above about 0.4 GeV/c.",
        ]),
        ("3.5 Inner tracker upgrade", [
            "Years of high beam currents aged the innermost drift-chamber layers. To replace them, the "
            "collaboration developed a cylindrical inner tracker based on gas electron multipliers "
            "(CGEM-IT), three coaxial layers of triple-GEM detectors that are more radiation tolerant and "
            "improve the resolution of secondary vertices along the beam axis.",
        ]),
        ("4 Data samples", [
            "Vector charmonium states are produced directly in e+e− annihilation, so BEPCII can sit on "
            "the J/ψ or ψ(3686) resonance peak and accumulate enormous samples. BESIII took J/ψ data in "
            "2009, 2012 and 2017–2019; by 2019 the total reached about 10 billion J/ψ events. Counting "
            "inclusive hadronic events gives (10087 ± 44) × 10⁶ J/ψ decays, the largest sample ever "
            "recorded. The ψ(3686) sample was enlarged in 2021 to about 2.7 billion events, measured as "
            "(2712.4 ± 14.3) × 10⁶.",
            "At the ψ(3770), which decays almost entirely into D-meson pairs just above threshold, the "
            "collaboration recorded 2.93 fb⁻¹ in 2010–2011 and extended the sample to about 20 fb⁻¹ by "
            "2024. Dozens of energy points between 3.8 and 4.95 GeV serve the study of charmonium-like "
            "states, of Ds mesons near 4.18 GeV and of Λc baryons above 4.6 GeV.",
            ("table", [
                ["Sample", "Energy point", "Size", "Main use"],
                ["J/ψ", "3.097 GeV", "about 10 billion events", "light hadrons, hyperons"],
                ["ψ(3686)", "3.686 GeV", "about 2.7 billion events", "charmonium transitions"],
                ["ψ(3770)", "3.773 GeV", "about 20 fb⁻¹", "D-meson decays"],
                ["XYZ scan", "3.8–4.95 GeV", "dozens of points", "exotic hadrons, Ds, Λc"],
            ]),
        ]),
        ("5 Physics highlights", [
            "Exotic hadrons. In 2013 BESIII observed a charged charmonium-like structure, the Zc(3900), "
            "in the J/ψ π± mass spectrum of e+e− → π+π− J/ψ events at 4.26 GeV; Belle reported it at the "
            "same time. A charged state that contains a charm quark and a charm antiquark must contain at "
            "least four quarks.",
            "Light hadrons and glueballs. Radiative J/ψ decays are a gluon-rich environment. In 2024 "
            "BESIII determined the spin-parity of the X(2370) to be 0−+ in J/ψ → γ K0S K0S η′, in line "
            "with expectations for the lightest pseudoscalar glueball.",
            "Hyperons. Decays J/ψ → ΛΛ̄ produce entangled, polarised hyperon pairs. In 2019 BESIII used "
            "them to measure the Λ decay-asymmetry parameter αΛ = 0.750 ± 0.009 ± 0.004, about 17% above "
            "the previous world average of 0.642, which had stood for decades.",
            "Charm and τ physics. D-meson pairs produced at threshold give absolute branching fractions, "
            "decay constants, the CKM elements |Vcs| and |Vcd|, and the strong-phase differences between "
            "D0 and D̄0 decays that LHCb and Belle II need to measure the CKM angle γ. A scan near the "
            "τ-pair threshold gave mτ = 1776.91 ± 0.12 (+0.10 −0.13) MeV.",
        ]),
        ("6 Outlook", [
            "BESIII plans to keep running into the 2030s with the upgraded collider and inner tracker. "
            "Its successor is being proposed in Hefei: the Super Tau-Charm Facility (STCF), designed "
            "for centre-of-mass energies of 2 to 7 GeV and a luminosity above 0.5 × 10³⁵ cm⁻² s⁻¹, "
            "about fifty times that of BEPCII.",
        ]),
    ],
}

JPSI = {
    "file": "pdf/jpsi.pdf",
    "title": "The J/ψ meson and the November Revolution",
    "header": "HepChain sample corpus · The J/ψ meson",
    "subject": "Discovery and properties of the J/ψ meson and charmonium",
    "layout": "one-column",
    "abstract": (
        "In November 1974 two groups on opposite coasts of the United States found the same very narrow "
        "resonance near 3.1 GeV. The J/ψ established the charm quark and convinced most physicists that "
        "quarks are real. This explainer tells the story of the discovery and explains why the particle "
        "is so narrow, what charmonium is, and how the J/ψ is used today."
    ),
    "sections": [
        ("1 Two discoveries in one week", [
            "At Brookhaven National Laboratory (BNL), a group from MIT led by Samuel C. C. Ting sent the "
            "proton beam of the Alternating Gradient Synchrotron (AGS) onto a beryllium target and "
            "measured electron–positron pairs with a double-arm spectrometer. During the summer and "
            "autumn of 1974 the group saw a sharp peak in the e+e− invariant mass near 3.1 GeV.",
            "At the Stanford Linear Accelerator Center (SLAC), Burton Richter's group ran the SLAC–LBL "
            "magnetic detector (Mark I) at the SPEAR electron–positron storage ring. Scanning the beam "
            "energy in small steps, they found that the cross section for e+e− → hadrons rose by about a "
            "factor of one hundred within a few MeV around a centre-of-mass energy of 3.1 GeV.",
            "The two groups announced their results together on 11 November 1974, and the papers "
            "appeared side by side in Physical Review Letters, volume 33, on 2 December 1974. The "
            "ADONE collider at Frascati confirmed the resonance within days, after its beam energy was "
            "pushed above its design value. Ten days after the announcement, on 21 November 1974, the "
            "SPEAR team found a second narrow state near 3.7 GeV, the ψ′, today called ψ(2S) or ψ(3686). "
            "The rapid change of the field that followed is called the November Revolution.",
            "Burton Richter and Samuel Ting shared the Nobel Prize in Physics 1976 for their pioneering "
            "work in the discovery of a heavy elementary particle of a new kind.",
        ]),
        ("2 One particle, two names", [
            "Ting's group called the particle J; the letter resembles the Chinese character for Ting's "
            "family name. Richter's group called it ψ. Neither side gave way, and the double name J/ψ "
            "has stayed. It is the best-known particle with a two-letter name. A popular story says "
            "that event displays of ψ′ → ψ π+π− decays later looked like the letter ψ.",
        ]),
        ("3 Basic properties", [
            "The J/ψ is the lowest-lying vector state of a charm quark and a charm antiquark (cc̄), the "
            "1³S₁ level of charmonium, with quantum numbers JPC = 1−−. Its mass is 3096.900 ± 0.006 MeV, "
            "known to a few keV thanks to resonant depolarisation at the VEPP-4M collider in "
            "Novosibirsk. Its total width is only 92.6 ± 1.7 keV, about 93 keV: some 1600 times "
            "narrower than the ρ meson (about 149 MeV), although the J/ψ is four times heavier.",
            "Because the width is far below the beam-energy spread of any collider, it cannot be read "
            "off a scan. It is derived from the area of the resonance, which gives the electronic width "
            "Γee ≈ 5.53 keV, divided by the branching fraction into e+e−.",
            ("table", [
                ["Property", "Value"],
                ["Mass", "3096.900 ± 0.006 MeV"],
                ["Total width", "92.6 ± 1.7 keV"],
                ["JPC", "1−−"],
                ["B(J/ψ → e+e−)", "5.97%"],
                ["B(J/ψ → μ+μ−)", "5.96%"],
                ["B(J/ψ → ggg)", "about 64%"],
                ["B(J/ψ → γgg)", "about 8.8%"],
            ]),
        ]),
        ("4 Why the J/ψ is so narrow", [
            "The charm quark had been proposed in 1970 by Glashow, Iliopoulos and Maiani (the GIM "
            "mechanism) to suppress flavour-changing neutral currents. In late 1974 Appelquist and "
            "Politzer argued that a bound cc̄ state, which they named charmonium by analogy with "
            "positronium, would be narrow because of asymptotic freedom.",
            "The argument runs as follows. A strong decay that keeps the charm quark and antiquark in "
            "separate hadrons would produce a pair of D mesons, but the J/ψ lies below the open-charm "
            "threshold 2m(D0) ≈ 3729.7 MeV. The c and c̄ must therefore annihilate. The "
            "Okubo–Zweig–Iizuka (OZI) rule, formulated between 1963 and 1966, says that processes "
            "whose quark diagrams split into disconnected pieces are suppressed. The J/ψ has C = −1, "
            "and a colour-singlet state of two gluons has C = +1, so the annihilation needs at least "
            "three gluons. Each gluon brings a factor of the strong coupling αs, which is only about 0.3 "
            "at the charm mass, and the rate goes as αs³.",
            "The same rule explains a long-known puzzle among light mesons. The φ(1020), an ss̄ state, "
            "decays mostly to kaon pairs (K+K− about 49%, KLKS about 34%) even though the three-pion "
            "final state has far more phase space and takes only about 15%. For the J/ψ no OZI-allowed "
            "channel is open at all, and the suppression shows up as a width of tens of keV instead of "
            "tens of MeV.",
        ]),
        ("5 The charmonium family", [
            "The cc̄ system is heavy enough to be described approximately by non-relativistic quantum "
            "mechanics in a potential that combines a Coulomb-like term from one-gluon exchange with a "
            "linearly rising confining term. Below the open-charm threshold the states are narrow and "
            "linked by radiative transitions.",
            ("table", [
                ["State", "Term", "JPC", "Mass (MeV)"],
                ["ηc(1S)", "1¹S₀", "0−+", "2984.1"],
                ["J/ψ", "1³S₁", "1−−", "3096.9"],
                ["χc0(1P)", "1³P₀", "0++", "3414.7"],
                ["χc1(1P)", "1³P₁", "1++", "3510.7"],
                ["hc(1P)", "1¹P₁", "1+−", "3525.4"],
                ["χc2(1P)", "1³P₂", "2++", "3556.2"],
                ["ηc(2S)", "2¹S₀", "0−+", "3637.7"],
                ["ψ(2S)", "2³S₁", "1−−", "3686.1"],
            ]),
            "Above threshold the ψ(3770) decays almost entirely into DD̄ and is about 27 MeV wide. In "
            "2003 Belle discovered the X(3872), now called χc1(3872), which sits almost exactly at the "
            "D0D̄*0 threshold and opened the era of charmonium-like exotic states.",
        ]),
        ("6 The J/ψ as a tool", [
            "At BESIII the J/ψ is produced directly; about 10 billion decays were recorded by 2019 and "
            "are used to study light hadrons, glueball candidates and hyperons. At hadron colliders the "
            "decay J/ψ → μ+μ− is a standard candle that calibrates the muon momentum scale and "
            "resolution. The decay B0 → J/ψ K0S is the golden channel in which BaBar and Belle "
            "established CP violation in B mesons in 2001.",
            "In heavy-ion physics, Matsui and Satz predicted in 1986 that colour screening in a "
            "quark–gluon plasma would suppress J/ψ production. NA50 at the CERN SPS reported anomalous "
            "suppression in lead–lead collisions, and at the LHC ALICE observed less suppression than at "
            "lower energies, a sign that charm quarks recombine into J/ψ mesons when they are abundant.",
        ]),
    ],
}

NEUTRINO = {
    "file": "pdf/neutrino-oscillation.pdf",
    "title": "Neutrino oscillation: from the PMNS matrix to Daya Bay and JUNO",
    "header": "HepChain sample corpus · Neutrino oscillation",
    "subject": "Neutrino oscillation, the PMNS matrix, Daya Bay and JUNO",
    "layout": "two-column",
    "abstract": (
        "Neutrinos change flavour as they travel because the flavour states are mixtures of mass states. "
        "This two-column explainer introduces the PMNS matrix and the oscillation formula, recalls the "
        "discovery experiments, explains how the Daya Bay reactor experiment measured the last mixing "
        "angle θ13 in 2012, and how JUNO in Jiangmen aims to determine the neutrino mass ordering."
    ),
    "sections": [
        ("1 Flavour states and mass states", [
            "Neutrinos are produced and detected in weak interactions as flavour states νe, νμ and ντ, "
            "but they propagate as mass states ν1, ν2 and ν3 with masses m1, m2 and m3. The two bases are "
            "related by a 3 × 3 unitary matrix, the Pontecorvo–Maki–Nakagawa–Sakata (PMNS) matrix. "
            "Bruno Pontecorvo proposed neutrino oscillation in 1957, and Ziro Maki, Masami Nakagawa and "
            "Shoichi Sakata introduced flavour mixing in 1962.",
            "The PMNS matrix is written as a product of three rotations with the mixing angles θ12, θ23 "
            "and θ13, where the 1–3 rotation carries a Dirac CP-violating phase δCP. If neutrinos are "
            "their own antiparticles (Majorana particles), two further Majorana phases appear; they do "
            "not affect oscillation.",
            ("eq", "να = Σi Uαi νi,   α = e, μ, τ;  i = 1, 2, 3"),
        ]),
        ("2 The oscillation probability", [
            "In the simplest case of two flavours and one mass-squared difference Δm², the probability "
            "that a neutrino of energy E keeps its flavour after a distance L is",
            ("eq", "P = 1 − sin²2θ · sin²(1.267 Δm² L / E)"),
            "with Δm² in eV², L in km and E in GeV (or L in m and E in MeV). The mixing angle sets the "
            "amplitude and Δm² L/E sets the phase. Oscillation therefore measures differences of squared "
            "masses, never the masses themselves. With three flavours there are two independent "
            "differences, the small solar splitting Δm²21 ≈ 7.4 × 10⁻⁵ eV² and the roughly thirty times "
            "larger atmospheric splitting |Δm²31| ≈ 2.5 × 10⁻³ eV².",
            "Inside matter, coherent forward scattering of νe on electrons modifies the oscillation: the "
            "Mikheyev–Smirnov–Wolfenstein (MSW) effect. It explains the energy dependence of solar "
            "neutrino data and fixes the sign of Δm²21: ν2 is heavier than ν1. The sign of Δm²31 is not "
            "known yet.",
        ]),
        ("3 Discovery", [
            "In 1998 Super-Kamiokande in Japan reported a deficit of upward-going atmospheric muon "
            "neutrinos, which had crossed the Earth, compared with downward-going ones: the first "
            "compelling evidence for oscillation. In 2001 and 2002 the Sudbury Neutrino Observatory "
            "(SNO) in Canada used heavy water to measure the total flux of all active solar-neutrino "
            "flavours through the neutral-current reaction. The total agreed with solar models, while "
            "the νe flux alone was only about one third of it. In 2002 KamLAND observed the "
            "disappearance of reactor antineutrinos at an average baseline of about 180 km. Takaaki "
            "Kajita and Arthur B. McDonald received the Nobel Prize in Physics 2015 for the discovery of "
            "neutrino oscillations.",
        ]),
        ("4 Measuring θ13 at Daya Bay", [
            "By 2011 the angles θ12 and θ23 were known to be large, but θ13 had only an upper limit, "
            "mainly from the CHOOZ reactor experiment. Its value matters because the CP-violating phase "
            "enters oscillation only multiplied by sin θ13.",
            "Nuclear reactors emit a pure flux of electron antineutrinos with energies of a few MeV. In "
            "liquid scintillator they are detected by inverse beta decay, ν̄e + p → e+ + n, which has a "
            "threshold of 1.8 MeV. The positron gives a prompt signal; the neutron is captured "
            "about 28 μs later. Daya Bay doped its scintillator with gadolinium, whose neutron capture "
            "releases gamma rays totalling about 8 MeV, far above natural radioactivity.",
            "The Daya Bay Reactor Neutrino Experiment, near Shenzhen in Guangdong, watched six "
            "reactor cores of the Daya Bay and Ling Ao nuclear power plants with a total thermal power "
            "of 17.4 GW. Eight identical antineutrino detectors, each holding 20 tonnes of "
            "gadolinium-doped liquid scintillator, were placed in two near halls and one far hall "
            "about 1.6 to 1.9 km from the reactors, close to the first oscillation maximum of Δm²31. "
            "Comparing the far rate with the near rate cancels most uncertainties of the reactor flux "
            "and of the detector efficiency.",
            "On 8 March 2012 the collaboration announced a deficit of 6.0% at the far site, "
            "corresponding to sin²2θ13 = 0.092 ± 0.016 (stat) ± 0.005 (syst), a non-zero value at "
            "5.2 standard deviations after only 55 days of data. RENO in Korea confirmed it weeks "
            "later. Daya Bay ran until December 2020; its final result, sin²2θ13 = 0.0851 ± 0.0024, "
            "is the most precise measurement of θ13 to date.",
        ]),
        ("5 JUNO and the mass ordering", [
            "Two orderings of the masses are allowed by current data: the normal ordering (m1 < m2 < m3) "
            "and the inverted ordering (m3 < m1 < m2). The Jiangmen Underground Neutrino Observatory "
            "(JUNO), in Kaiping near the city of Jiangmen in Guangdong, aims to tell them apart with "
            "reactor antineutrinos.",
            "At a baseline of about 53 km from the Yangjiang and Taishan nuclear power plants, the slow "
            "solar oscillation driven by Δm²21 is near its first maximum, and the fast oscillations driven "
            "by Δm²31 and Δm²32 appear as small ripples on top of it. The full survival probability is",
            ("eq", "Pee = 1 − cos⁴θ13 sin²2θ12 sin²Δ21 − sin²2θ13 (cos²θ12 sin²Δ31 + sin²θ12 sin²Δ32)"),
            "with Δij = 1.267 Δm²ij L/E. The phase of the ripples differs slightly between the two "
            "orderings. Seeing that difference needs an energy resolution of about 3% at 1 MeV.",
            "JUNO therefore uses 20 kton of liquid scintillator, based on linear alkylbenzene, in an "
            "acrylic sphere 35.4 m across, viewed by 17,612 large 20-inch photomultipliers and 25,600 "
            "small 3-inch photomultipliers. The detector sits under about 650 m of rock inside a "
            "water-Cherenkov veto pool. A small near detector, the Taishan Antineutrino Observatory "
            "(TAO), measures the unoscillated reactor spectrum with fine resolution. Construction began "
            "in 2015 and physics data taking started in August 2025. JUNO expects to determine the "
            "ordering at about 3σ after roughly six years and to measure sin²θ12, Δm²21 and Δm²31 with "
            "a precision better than 0.5%. It will also observe solar, atmospheric and geo-neutrinos "
            "and would catch thousands of events from a galactic supernova.",
        ]),
        ("6 Open questions", [
            "Apart from the ordering, the value of δCP is open. T2K in Japan and NOvA in the United "
            "States compare neutrino and antineutrino appearance over long baselines; DUNE and "
            "Hyper-Kamiokande are being built to measure δCP. Whether θ23 is below or above 45° is also "
            "unknown. Oscillation cannot reveal the absolute mass scale: KATRIN limits the effective "
            "electron-neutrino mass to below 0.45 eV (90% CL) from the tritium β-decay endpoint. "
            "Searches for neutrinoless double-beta decay test whether neutrinos are Majorana particles.",
            ("table", [
                ["Parameter", "Approximate value"],
                ["sin²θ12", "0.31 (θ12 ≈ 33.7°)"],
                ["sin²θ23", "0.45–0.57 (octant open)"],
                ["sin²2θ13", "0.085 (θ13 ≈ 8.5°)"],
                ["Δm²21", "7.4 × 10⁻⁵ eV²"],
                ["|Δm²31|", "2.5 × 10⁻³ eV²"],
                ["δCP", "poorly known"],
            ]),
        ]),
    ],
}

CALORIMETRY = {
    "file": "pdf/calorimetry.pdf",
    "title": "Calorimetry in particle physics",
    "header": "HepChain sample corpus · Calorimetry",
    "subject": "Electromagnetic and hadronic calorimeters, energy resolution, particle flow",
    "layout": "one-column",
    "abstract": (
        "A calorimeter measures the energy of a particle by absorbing it and counting what the resulting "
        "shower deposits. This explainer contrasts electromagnetic and hadronic showers, defines the "
        "radiation length and the Molière radius, compares sampling and homogeneous designs, explains "
        "the energy-resolution formula, and describes the CsI(Tl) calorimeter of BESIII and the "
        "particle-flow calorimeters proposed for CEPC."
    ),
    "sections": [
        ("1 Electromagnetic showers", [
            "A high-energy electron crossing matter loses energy mainly by bremsstrahlung, and a "
            "high-energy photon converts into an electron–positron pair. The two processes alternate and "
            "build an electromagnetic shower in which the number of particles roughly doubles at each "
            "step while the energy per particle halves. Multiplication stops when the electrons reach "
            "the critical energy Ec, below which ionisation losses dominate. For solids Ec ≈ 610 MeV / "
            "(Z + 1.24); for lead it is about 7.4 MeV.",
            "The natural longitudinal unit is the radiation length X0: the mean distance over which a "
            "high-energy electron loses all but 1/e of its energy by bremsstrahlung, and 7/9 of the mean "
            "free path for pair production by a high-energy photon. The shower maximum lies at about",
            ("eq", "tmax ≈ ln(E/Ec) − 0.5 (electrons),   tmax ≈ ln(E/Ec) + 0.5 (photons)"),
            "in units of X0, so its depth grows only logarithmically with energy. Containing 95% of a "
            "50 GeV electron shower in lead takes about 25 X0, or 14 cm.",
            "The lateral size is set by the Molière radius, RM = X0 · Es/Ec with Es ≈ 21.2 MeV. A "
            "cylinder of radius one RM contains about 90% of the shower energy and 3.5 RM about 99%. A "
            "small Molière radius lets nearby showers be separated.",
            ("table", [
                ["Material", "Density (g/cm³)", "X0 (cm)", "RM (cm)", "λI (cm)"],
                ["Lead (Pb)", "11.35", "0.56", "1.60", "17.6"],
                ["Tungsten (W)", "19.3", "0.35", "0.93", "9.9"],
                ["Iron (Fe)", "7.87", "1.76", "1.72", "16.8"],
                ["CsI", "4.51", "1.86", "3.57", "39.3"],
                ["PbWO4", "8.30", "0.89", "2.00", "20.7"],
                ["BGO", "7.13", "1.12", "2.23", "22.8"],
                ["Liquid argon", "1.40", "14.0", "9.04", "85.8"],
            ]),
        ]),
        ("2 Hadronic showers", [
            "Hadrons lose energy through nuclear interactions, and the relevant unit is the nuclear "
            "interaction length λI, which is much longer than X0 in dense materials: 17.6 cm in lead "
            "against 0.56 cm. Hadronic calorimeters are therefore deep, typically 7 to 10 λI, and "
            "hadronic showers are wide and irregular.",
            "A hadronic shower has an electromagnetic component, mostly photons from π0 and η decays, "
            "and a purely hadronic component. Part of the hadronic energy is invisible: it goes into "
            "breaking up nuclei, into slow neutrons and into neutrinos. The calorimeter thus responds "
            "less to hadrons than to electrons of the same energy, e/h > 1, and the fluctuating "
            "electromagnetic fraction degrades the resolution and makes the response non-linear. "
            "Compensating calorimeters tune the absorber and active layers to reach e/h ≈ 1; the "
            "uranium–scintillator calorimeter of ZEUS at HERA reached about 35%/√E for hadrons. "
            "Dual-readout calorimeters measure scintillation and Cherenkov light separately to estimate "
            "the electromagnetic fraction event by event.",
        ]),
        ("3 Sampling and homogeneous calorimeters", [
            "A homogeneous calorimeter is made entirely of material that both absorbs the shower and "
            "produces the signal: scintillating crystals such as CsI(Tl), BGO, PbWO4 or LYSO, lead glass "
            "read by its Cherenkov light, or noble liquids such as the liquid krypton of NA48. The whole "
            "shower is seen, so the stochastic term is small. The CMS electromagnetic calorimeter uses "
            "75,848 lead tungstate crystals and reached, in test beams, σ/E = 2.8%/√E ⊕ 12%/E ⊕ 0.3% "
            "with E in GeV.",
            "A sampling calorimeter alternates layers of a dense passive absorber (lead, iron, copper, "
            "tungsten, uranium) with active layers (scintillator, liquid argon, silicon, gas). Only the "
            "sampling fraction of the energy is measured, and the fluctuation in that fraction adds a "
            "sampling term. In exchange the calorimeter is compact, cheap and can be finely segmented. "
            "The ATLAS lead–liquid-argon accordion calorimeter has a stochastic term of about 10%/√E; "
            "the ATLAS Tile hadronic calorimeter, steel with scintillating tiles, was designed for "
            "50%/√E ⊕ 3% for single pions. Hadronic calorimeters are almost always sampling devices.",
        ]),
        ("4 Energy resolution", [
            "The relative energy resolution of a calorimeter is usually written as",
            ("eq", "σ/E = a/√E ⊕ b/E ⊕ c"),
            "where ⊕ denotes a sum in quadrature, √(x² + y² + z²). The stochastic term a comes from "
            "Poisson-like fluctuations in the number of shower particles, of sampled particles or of "
            "photoelectrons. The noise term b comes from electronic noise and pile-up and matters at low "
            "energy. The constant term c comes from non-uniformity, calibration errors and leakage, and "
            "dominates at high energy. A stochastic term of 3%, for example, means that a 100 GeV photon is "
            "measured to about ±0.3 GeV from that term alone. When noise is negligible the formula reduces to the familiar "
            "two-term form σ/E = a/√E ⊕ b, with b now playing the role of the constant term. Unlike a "
            "tracker, whose relative momentum resolution worsens with momentum, a calorimeter becomes "
            "relatively more precise as the energy rises.",
        ]),
        ("5 The CsI(Tl) calorimeter of BESIII", [
            "BESIII measures photons from about 20 MeV to 2 GeV, where a homogeneous crystal calorimeter "
            "is the natural choice. Its electromagnetic calorimeter contains 6240 CsI(Tl) crystals, "
            "5280 in the barrel and 960 in the end caps. Each crystal is 28 cm long, or 15.1 X0, with a "
            "front face of about 5.2 cm × 5.2 cm, comparable to the Molière radius of 3.57 cm. "
            "Thallium-doped caesium iodide is one of the brightest scintillators, with emission peaking "
            "near 550 nm and a decay time of about 1 μs; two silicon PIN photodiodes on the rear face of "
            "each crystal read the light. The crystals point slightly away from the interaction point so "
            "that photons cannot escape through the gaps. The calorimeter reaches an energy resolution "
            "of 2.5% at 1 GeV in the barrel, and a position resolution of 6 mm.",
        ]),
        ("6 Particle flow and CEPC", [
            "In a typical jet about 60% of the energy is carried by charged particles, about 30% by "
            "photons and about 10% by neutral hadrons. The particle-flow approach measures each "
            "particle in the best subdetector: charged particles in the tracker, photons in the "
            "electromagnetic calorimeter, and only neutral hadrons in the hadronic calorimeter. This "
            "needs highly granular calorimeters that separate the showers of neighbouring particles, "
            "as developed by the CALICE collaboration with silicon–tungsten electromagnetic layers of "
            "5 mm × 5 mm cells and scintillator tiles of 3 cm × 3 cm read by silicon photomultipliers.",
            "The Circular Electron Positron Collider (CEPC), proposed by IHEP, is a 100 km ring that "
            "would run as a Higgs factory at 240 GeV and also at the Z pole (91 GeV), at the WW threshold "
            "(160 GeV) and at the top-pair threshold (360 GeV). To separate hadronic decays of W, Z and "
            "Higgs bosons, its detector needs a boson mass resolution of about 4%, that is a jet energy "
            "resolution of 3–4%, which is beyond reach of traditional calorimetry. The CEPC detector "
            "studies therefore combine particle flow with high granularity, and among the options are an "
            "electromagnetic calorimeter of long BGO crystal bars and a hadronic calorimeter read by "
            "glass scintillator tiles. CMS is building a high-granularity endcap calorimeter (HGCAL) "
            "with silicon and scintillator for the High-Luminosity LHC.",
        ]),
    ],
}

PDF_DOCUMENTS = [BESIII, JPSI, NEUTRINO, CALORIMETRY]


# MARK: - PDF rendering


def register_fonts() -> None:
    """Registers DejaVu (Debian fonts-dejavu-core), which covers Greek and the maths symbols used here."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    faces = {
        "Serif": "DejaVuSerif.ttf",
        "Serif-Bold": "DejaVuSerif-Bold.ttf",
        "Serif-Italic": "DejaVuSerif-Italic.ttf",
        "Serif-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
        "Sans": "DejaVuSans.ttf",
        "Sans-Bold": "DejaVuSans-Bold.ttf",
    }
    for name, file in faces.items():
        path = FONT_DIR / file
        if not path.exists():
            sys.exit(f"render_corpus: missing font {path}; install it with 'apt-get install fonts-dejavu-core fonts-dejavu-extra'")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping("Serif", 0, 0, "Serif")
    addMapping("Serif", 1, 0, "Serif-Bold")
    addMapping("Serif", 0, 1, "Serif-Italic")
    addMapping("Serif", 1, 1, "Serif-BoldItalic")


def render_pdf(document: dict, out: Path) -> None:
    """Renders one explainer: title block, abstract, numbered sections, running header and page numbers."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Frame, FrameBreak, KeepTogether, NextPageTemplate,
                                    PageTemplate, Paragraph, Spacer, Table, TableStyle)

    rl_config.invariant = 1  # fixed dates and IDs, so re-rendering unchanged text gives identical bytes
    two_columns = document["layout"] == "two-column"
    size = 10 if two_columns else 11
    # Two columns set like a journal (justified, indented paragraphs, no gap between them): poppler then
    # reads column by column; with spaced, ragged paragraphs it interleaves the two columns block by block.
    body = ParagraphStyle("body", fontName="Serif", fontSize=size, leading=size * 1.38, alignment=TA_JUSTIFY,
                          firstLineIndent=size if two_columns else 0, spaceAfter=0 if two_columns else size * 0.55)
    heading1 = ParagraphStyle("h1", parent=body, fontName="Serif-Bold", fontSize=size + 2.5, leading=(size + 2.5) * 1.3,
                              spaceBefore=size * 0.9, spaceAfter=size * 0.45, alignment=TA_LEFT)
    heading2 = ParagraphStyle("h2", parent=heading1, fontSize=size + 1, leading=(size + 1) * 1.3, spaceBefore=size * 0.6)
    title = ParagraphStyle("title", parent=body, fontName="Serif-Bold", fontSize=19, leading=24, alignment=TA_CENTER,
                           spaceAfter=6)
    note = ParagraphStyle("note", parent=body, fontName="Sans", fontSize=9, leading=12, alignment=TA_CENTER,
                          textColor=colors.HexColor("#555555"), spaceAfter=12)
    abstract = ParagraphStyle("abstract", parent=body, fontSize=size - 0.5, leading=(size - 0.5) * 1.38,
                              leftIndent=1.2 * cm, rightIndent=1.2 * cm, spaceAfter=14)
    equation = ParagraphStyle("eq", parent=body, alignment=TA_CENTER, spaceBefore=2, spaceAfter=size * 0.8)
    cell = ParagraphStyle("cell", parent=body, fontSize=size - 1.5, leading=(size - 1.5) * 1.3, alignment=0, spaceAfter=0)
    cell_head = ParagraphStyle("cellhead", parent=cell, fontName="Serif-Bold")

    page_width, page_height = A4
    margin_x, margin_top, margin_bottom = 2.3 * cm, 2.6 * cm, 2.3 * cm
    frame_width = page_width - 2 * margin_x
    frame_height = page_height - margin_top - margin_bottom
    gutter = 0.8 * cm

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Sans", 8.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        top = page_height - 1.5 * cm
        canvas.drawString(margin_x, top, document["header"])
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.setLineWidth(0.5)
        canvas.line(margin_x, top - 4, page_width - margin_x, top - 4)
        if two_columns:
            # A centred footer spans the gutter, and poppler then interleaves the two columns.
            canvas.drawRightString(page_width - margin_x, 1.3 * cm, f"Page {doc.page}")
        else:
            canvas.drawCentredString(page_width / 2, 1.3 * cm, f"Page {doc.page}")
        canvas.restoreState()

    def escape(text: str) -> str:
        return html.escape(text, quote=False)

    story = [Paragraph(escape(document["title"]), title), Paragraph(escape(SAMPLE_NOTE), note),
             Paragraph("<b>Abstract.</b> " + escape(document["abstract"]), abstract)]
    if two_columns:
        # Page 1: full-width title block, then two columns; later pages: two columns.
        title_height = 6.3 * cm
        column_width = (frame_width - gutter) / 2
        # The right column starts a hair lower: poppler reads the block whose top is higher first, and a
        # heading's first baseline in the left column can sit below a plain line in the right one.
        lower_right = 3
        first = [Frame(margin_x, page_height - margin_top - title_height, frame_width, title_height, id="title"),
                 Frame(margin_x, margin_bottom, column_width, frame_height - title_height, id="left1"),
                 Frame(margin_x + column_width + gutter, margin_bottom, column_width,
                       frame_height - title_height - lower_right, id="right1")]
        later = [Frame(margin_x, margin_bottom, column_width, frame_height, id="left"),
                 Frame(margin_x + column_width + gutter, margin_bottom, column_width, frame_height - lower_right,
                       id="right")]
        templates = [PageTemplate("first", first, onPage=decorate), PageTemplate("later", later, onPage=decorate)]
        story += [NextPageTemplate("later"), FrameBreak()]
    else:
        templates = [PageTemplate("single", [Frame(margin_x, margin_bottom, frame_width, frame_height)],
                                  onPage=decorate)]
        column_width = frame_width

    for heading, blocks in document["sections"]:
        is_subsection = "." in heading.split(" ", 1)[0]
        # A heading moves to the next column or page unless a few lines of its text fit after it.
        story += [CondPageBreak(size * 7), Paragraph(escape(heading), heading2 if is_subsection else heading1)]
        for block in blocks:
            if isinstance(block, str):
                story.append(Paragraph(escape(block), body))
            elif block[0] == "eq":
                story.append(Paragraph(escape(block[1]), equation))
            elif block[0] == "table":
                rows = [[Paragraph(escape(value), cell_head if index == 0 else cell) for value in row]
                        for index, row in enumerate(block[1])]
                table = Table(rows, colWidths=[column_width / len(rows[0])] * len(rows[0]), hAlign="CENTER")
                table.setStyle(TableStyle([
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]))
                story += [Spacer(1, 4), KeepTogether(table), Spacer(1, 10)]
            else:
                raise ValueError(f"unknown block {block[0]!r} in {document['file']}")

    out.parent.mkdir(parents=True, exist_ok=True)
    doc = BaseDocTemplate(str(out), pagesize=A4, pageTemplates=templates, title=document["title"],
                          author="HepChain project (sample corpus)", subject=document["subject"],
                          creator="scripts/render_corpus.py", producer="ReportLab", lang="en")
    doc.build(story)


# MARK: - HTML pages

JET_TAGGING_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jet tagging: from anti-kt clustering to transformer taggers | HepChain sample corpus</title>
<meta name="description" content="An explainer on jet clustering, b-tagging, jet substructure and machine-learning jet taggers.">
<link rel="stylesheet" href="/assets/site.css">
<style>
  body { font-family: sans-serif; max-width: 60rem; margin: auto; }
  nav ul { list-style: none; display: flex; gap: 1rem; }
  table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 0.2rem 0.5rem; }
</style>
<script>
  window.dataLayer = window.dataLayer || [];
  function track(event) { window.dataLayer.push({event: event, page: "jet-tagging"}); }
  track("page_view");
</script>
</head>
<body>
<div class="cookie-banner" id="cookies">This site uses cookies to remember your theme. <button onclick="track('cookies_ok')">Accept all cookies</button></div>
<header class="site-header">
  <a class="logo" href="/">HepChain Explainers</a>
  <form class="search" action="/search"><input name="q" placeholder="Search explainers"><button>Search</button></form>
</header>
<nav aria-label="Main">
  <ul>
    <li><a href="/">Home</a></li>
    <li><a href="/detectors/">Detectors</a></li>
    <li><a href="/analysis/">Analysis methods</a></li>
    <li><a href="/ml/">Machine learning</a></li>
    <li><a href="/about/">About</a></li>
  </ul>
</nav>
<div class="breadcrumbs"><a href="/">Home</a> › <a href="/analysis/">Analysis methods</a> › Jet tagging</div>
<main>
<article>
<h1>Jet tagging: from anti-kt clustering to transformer taggers</h1>
<p class="byline">HepChain sample corpus · written for the HepChain test suite</p>

<h2>1 What a jet is</h2>
<p>Quarks and gluons produced in a hard collision are never observed on their own. They radiate further
gluons and quark–antiquark pairs in a parton shower and then hadronise, so each of them reaches the detector
as a collimated spray of hadrons: a jet. Jet tagging means deciding what started a jet: a light quark, a
gluon, a bottom or charm quark, or a heavy particle such as a W, Z or Higgs boson or a top quark whose decay
products have merged into one large jet. Tagging turns jets from anonymous energy deposits into evidence for
specific processes, from Higgs decays to bottom quarks to searches for new heavy resonances.</p>

<h2>2 Clustering with anti-kt</h2>
<p>A jet algorithm turns a list of particles (or calorimeter clusters, or tracks) into jets. The algorithms
used at the LHC are sequential recombination algorithms. For every pair of particles <i>i</i>, <i>j</i> they
compute the distance d<sub>ij</sub> = min(p<sub>T,i</sub><sup>2p</sup>, p<sub>T,j</sub><sup>2p</sup>)
ΔR<sub>ij</sub>²/R², and for every particle the beam distance d<sub>iB</sub> = p<sub>T,i</sub><sup>2p</sup>,
where ΔR<sub>ij</sub>² = (y<sub>i</sub> − y<sub>j</sub>)² + (φ<sub>i</sub> − φ<sub>j</sub>)² and R is the
radius parameter. If the smallest distance is a d<sub>ij</sub>, the two particles are merged; if it is a
d<sub>iB</sub>, particle <i>i</i> is called a jet and removed from the list. The procedure repeats until no
particles are left.</p>
<p>The exponent p selects the algorithm: p = 1 gives the k<sub>t</sub> algorithm, p = 0 the Cambridge/Aachen
algorithm and p = −1 the anti-k<sub>t</sub> algorithm, introduced by Matteo Cacciari, Gavin Salam and
Grégory Soyez in 2008. Anti-kt merges soft particles with hard ones first, so its jets are almost perfect
cones of radius R around the hardest particles, and their boundaries hardly move when soft radiation or
pile-up is added. Like the other two, it is infrared and collinear safe: adding a very soft particle, or
splitting one particle into two collinear ones, does not change the jets, which keeps perturbative
predictions finite. ATLAS and CMS use anti-kt with R = 0.4 for standard jets and larger radii for boosted
objects: R = 0.8 at CMS and R = 1.0 at ATLAS. The FastJet library made these algorithms fast enough for
events with thousands of particles.</p>

<h2>3 b-tagging</h2>
<p>Identifying jets from bottom quarks exploits the properties of B hadrons. They live about 1.5 ps, which
corresponds to cτ ≈ 0.45 mm, so a B hadron with tens of GeV of momentum flies several millimetres before it
decays. Its decay tracks have large impact parameters with respect to the primary vertex, often form a
displaced secondary vertex with an invariant mass up to about 5 GeV, and in about one case in five include a
soft electron or muon. Charm hadrons are lighter and shorter-lived (cτ ≈ 123 μm for the D<sup>0</sup> and
312 μm for the D<sup>+</sup>), which makes charm tagging harder.</p>
<p>Early taggers cut on track impact-parameter significances or on the presence of a secondary vertex.
Multivariate taggers such as CMS's CSV and ATLAS's MV2 combined these inputs, and deep neural networks
followed: DeepCSV and DeepJet at CMS, DL1r at ATLAS. ATLAS's current GN2 tagger is a transformer that reads
the tracks of a jet directly. Taggers are used at working points defined by the b-jet efficiency; at 70%
efficiency, recent taggers reject light-flavour jets by factors of several hundred and charm jets by roughly
ten. Because they are trained on simulation, their efficiencies are measured in data, mostly in top-quark
pair events, and applied as data-to-simulation scale factors.</p>

<h2>4 Jet substructure</h2>
<p>When a heavy particle is produced with transverse momentum much larger than its mass, its decay products
are separated by roughly ΔR ≈ 2m/p<sub>T</sub>. A W boson (80.4 GeV) with p<sub>T</sub> = 400 GeV gives two
quarks about 0.4 apart, and the whole decay fits inside a single large-radius jet. Its internal structure
then carries the information.</p>
<p>The jet mass is the first handle, but soft radiation and pile-up inflate it, so jets are groomed. The
mass-drop and filtering procedure of Butterworth, Davison, Rubin and Salam (2008) showed that boosted
H → bb̄ decays can be found this way; pruning, trimming and soft drop (Larkoski, Marzani, Soyez and Thaler,
2014) followed. CMS's default soft-drop settings are z<sub>cut</sub> = 0.1 and β = 0.</p>
<p>N-subjettiness, introduced by Jesse Thaler and Ken Van Tilburg in 2011, measures how well a jet is
described by N subjets:
τ<sub>N</sub> = (1/d<sub>0</sub>) Σ<sub>k</sub> p<sub>T,k</sub> min(ΔR<sub>1,k</sub>, …, ΔR<sub>N,k</sub>),
with d<sub>0</sub> = Σ<sub>k</sub> p<sub>T,k</sub> R<sub>0</sub>, where the sum runs over the jet's
constituents and ΔR<sub>J,k</sub> is the distance of constituent k from subjet axis J. A small τ<sub>N</sub>
means all radiation is close to N axes. The ratio τ<sub>21</sub> = τ<sub>2</sub>/τ<sub>1</sub>
discriminates two-prong W, Z and Higgs jets from quark and gluon jets, and τ<sub>32</sub> =
τ<sub>3</sub>/τ<sub>2</sub> picks out three-prong top-quark jets. Energy correlation functions such as
D<sub>2</sub> serve the same purpose.</p>

<h2>5 Machine-learning taggers</h2>
<p>Around 2015 jets began to be treated as images: the calorimeter energy in η–φ pixels was fed to
convolutional neural networks. Images, however, waste the sparsity and the exact kinematics of the
particles. Particle Flow Networks (Komiske, Metodiev and Thaler, 2019) treat a jet as an unordered set, in
the spirit of Deep Sets. ParticleNet (Huilin Qu and Loukas Gouskos, 2019) represents a jet as a particle
cloud and applies a dynamic graph convolutional network built from EdgeConv blocks over each particle's
k nearest neighbours; CMS uses ParticleNet to tag boosted Higgs bosons decaying to bb̄ and cc̄ and boosted
top quarks.</p>
<p>The Particle Transformer (ParT) of Huilin Qu, Congqiao Li and Sitian Qian (2022) adds pairwise features
of every particle pair, such as their ΔR and invariant mass, as a bias to the attention weights. It was
trained on JetClass, a public dataset of 100 million jets in 10 classes, and fine-tuning the pretrained
model improves smaller tasks. A common benchmark is the top-tagging dataset of the 2019 comparison "The
Machine Learning Landscape of Top Taggers": about 2 million jets with p<sub>T</sub> between 550 and 650 GeV,
where the area under the ROC curve (AUC) summarises performance.</p>

<table>
<caption>Table 1. Selected jet taggers (AUC on the top-tagging benchmark where published)</caption>
<thead>
<tr><th>Tagger</th><th>Year</th><th>Input</th><th>Architecture</th><th>Top-tagging AUC</th></tr>
</thead>
<tbody>
<tr><td>N-subjettiness τ<sub>32</sub></td><td>2011</td><td>jet constituents</td><td>single observable</td><td>–</td></tr>
<tr><td>CNN on jet images</td><td>2016</td><td>calorimeter image</td><td>convolutional network</td><td>0.981</td></tr>
<tr><td>Particle Flow Network</td><td>2019</td><td>particle set</td><td>Deep Sets</td><td>0.982</td></tr>
<tr><td>ParticleNet</td><td>2019</td><td>particle cloud</td><td>graph network (EdgeConv)</td><td>0.986</td></tr>
<tr><td>Particle Transformer (ParT)</td><td>2022</td><td>particles and pairwise features</td><td>transformer</td><td>0.986</td></tr>
<tr><td>GN2 (ATLAS)</td><td>2023</td><td>tracks of a jet</td><td>transformer</td><td>– (flavour tagging)</td></tr>
</tbody>
</table>

<h2>6 Calibration and robustness</h2>
<p>A tagger that learns the jet mass also sculpts the mass distribution of the background it selects,
which makes a bump hunt impossible. Mass-decorrelated taggers remove this dependence, for example by
adversarial training or by designed decorrelated taggers (DDT). Every tagger is finally validated in data:
W and top-quark jets from top-quark pair events, and Z bosons decaying to b-quark pairs, provide
standard candles for the efficiency and the mistag rate.</p>
</article>
</main>
<aside class="sidebar">
  <h3>Popular explainers</h3>
  <ul><li><a href="/detectors/silicon-trackers/">How silicon trackers work</a></li>
      <li><a href="/analysis/unfolding/">Unfolding in ten minutes</a></li>
      <li><a href="/ml/normalising-flows/">Normalising flows for fast simulation</a></li></ul>
  <h3>Newsletter</h3>
  <p>Get one explainer a month in your inbox. <a href="/subscribe">Subscribe</a></p>
</aside>
<footer class="site-footer">
  <p>© 2026 HepChain sample site · <a href="/privacy">Privacy</a> · <a href="/imprint">Imprint</a> · Content written for the HepChain test suite.</p>
</footer>
<script src="/assets/analytics.js" async></script>
<script>
  document.getElementById("cookies").style.display = localStorage.cookiesOk ? "none" : "block";
</script>
</body>
</html>
"""

BESIII_ZH_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>北京谱仪 BESIII 简介 - 高能物理科普示例站</title>
<meta name="keywords" content="北京谱仪,BESIII,BEPCII,粲物理,J/ψ">
<meta name="description" content="北京谱仪 BESIII 及北京正负电子对撞机 BEPCII 的科普介绍（HepChain 示例语料）。">
<link rel="stylesheet" href="/static/css/main.css">
<style>
  .topbar { background: #003a70; color: #fff; }
  .share a { margin-right: 8px; }
</style>
<script>
  var _hmt = _hmt || [];
  (function () { var hm = document.createElement("script"); hm.src = "/static/js/stat.js"; document.head.appendChild(hm); })();
  var welcome = "欢迎访问高能物理科普示例站！今日访问量统计中……";
</script>
</head>
<body>
<div class="topbar">欢迎访问高能物理科普示例站 | <a href="/login">登录</a> | <a href="/register">注册</a> | <a href="/en/">English</a></div>
<header>
  <div class="logo"><a href="/">高能物理科普示例站（HepChain 示例站点）</a></div>
  <form class="search" action="/search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form>
</header>
<nav>
  <ul>
    <li><a href="/">首页</a></li>
    <li><a href="/experiments/">实验介绍</a></li>
    <li><a href="/news/">新闻动态</a></li>
    <li><a href="/kepu/">科普园地</a></li>
    <li><a href="/jobs/">人才招聘</a></li>
    <li><a href="/contact/">联系我们</a></li>
  </ul>
</nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/experiments/">实验介绍</a> &gt; 北京谱仪</div>
<main>
<article>
<h1>北京谱仪 BESIII 简介</h1>
<p class="meta">来源：HepChain 示例语料　作者：HepChain 项目组　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></p>

<h2>一、概况</h2>
<p>北京谱仪 III（BESIII）是运行在北京正负电子对撞机 II（BEPCII）上的大型通用粒子探测器，由中国科学院高能物理研究所主持建造和运行。BEPCII 工作在 τ-粲能区，质心能量可在 2.0 至 4.95 GeV 之间调节。这一能区覆盖了 τ 轻子对、D 介子对、Ds 介子对和 Λc 重子对的产生阈，以及 J/ψ、ψ(3686) 等窄共振态，因此被称为“τ-粲工厂”。BESIII 于 2009 年开始正式取数，国际合作组约有 600 名成员，来自 80 多个研究机构。</p>

<h2>二、北京正负电子对撞机</h2>
<p>北京正负电子对撞机（BEPC）于 1988 年 10 月实现首次对撞，先后为 BES 和 BESII 探测器提供束流，运行到 2004 年。重大改造工程 BEPCII 于 2004 年开工、2008 年完成：在原有隧道内增建一个储存环，使对撞机成为正、负电子各用一个环的双环对撞机。储存环周长约 237.5 米，两束流以 22 毫弧度的交叉角对撞。设计亮度为 1×10³³ cm⁻²s⁻¹（束流能量 1.89 GeV），约为 BEPC 的 100 倍，并于 2016 年 4 月达到设计指标。</p>

<h2>三、BESIII 探测器</h2>
<p>BESIII 覆盖约 93% 的立体角，由内向外依次为：</p>
<ul>
  <li>主漂移室（MDC）：采用氦基气体，共 43 层信号丝，1 GeV/c 带电粒子的动量分辨率为 0.5%，dE/dx 分辨率约 6%；</li>
  <li>飞行时间计数器（TOF）：桶部由塑料闪烁体构成，时间分辨率约 68 ps；端盖部分于 2015 年升级为多气隙电阻板室（MRPC），时间分辨率约 60 ps；</li>
  <li>电磁量能器（EMC）：由 6240 块掺铊碘化铯 CsI(Tl) 晶体组成，每块晶体长 28 厘米（约 15 个辐射长度），1 GeV 光子的能量分辨率为 2.5%；</li>
  <li>超导螺线管磁铁：提供 1.0 特斯拉的轴向磁场；</li>
  <li>μ 子鉴别器：由嵌在磁铁轭铁中的电阻板室（RPC）构成。</li>
</ul>

<h2>四、数据样本</h2>
<p>由于 J/ψ 和 ψ(3686) 可以在正负电子湮灭中直接产生，BEPCII 可以长时间运行在共振峰上积累海量数据。截至 2019 年，BESIII 共采集了约 100 亿个 J/ψ 事例，是世界上最大的 J/ψ 数据样本；2021 年 ψ(3686) 事例数达到约 27 亿。在 ψ(3770) 能点，BESIII 到 2024 年积累了约 20 fb⁻¹ 的数据，用于研究 D 介子衰变。</p>

<h2>五、重要物理成果</h2>
<p>2013 年，BESIII 在 4.26 GeV 的数据中发现了带电的类粲偶素结构 Zc(3900)。它既带电荷又含有粲夸克和反粲夸克，因此至少由四个夸克组成。2019 年，BESIII 利用 J/ψ 衰变产生的量子纠缠 Λ 超子对，测得 Λ 超子衰变不对称参数为 0.750，比沿用多年的世界平均值 0.642 高约 17%，成果发表于《自然·物理》。此外，BESIII 在 τ 轻子对产生阈附近精确测量了 τ 轻子质量，并在 2024 年确定 X(2370) 的自旋宇称为 0⁻⁺，与赝标量胶球的理论预期相符。</p>

<h2>六、未来展望</h2>
<p>对撞机升级项目 BEPCII-U 的目标是在 4.7 GeV 质心能量处将亮度提高到原来的三倍，并把最高能量提高到 5.6 GeV。作为下一代装置，科研人员在合肥提出了超级 τ-粲装置（STCF），设计质心能量 2–7 GeV，亮度超过 0.5×10³⁵ cm⁻²s⁻¹。</p>
</article>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>
<div class="prev-next"><a href="/experiments/daya-bay/">上一篇：大亚湾反应堆中微子实验</a> <a href="/experiments/lhaaso/">下一篇：高海拔宇宙线观测站</a></div>
</main>
<aside>
  <h3>热点新闻</h3>
  <ul>
    <li><a href="/news/1">示例新闻：研究所举办公众开放日活动</a></li>
    <li><a href="/news/2">示例新闻：暑期学校报名通知</a></li>
    <li><a href="/news/3">示例新闻：实验楼停电检修通知</a></li>
  </ul>
  <h3>友情链接</h3>
  <ul><li><a href="#">示例链接一</a></li><li><a href="#">示例链接二</a></li></ul>
</aside>
<footer>
  <p>版权所有 © 2026 高能物理科普示例站（HepChain 示例站点）　地址：示例路 1 号　邮编：000000</p>
  <p>备案号：示ICP备00000000号（示例）　本页内容为 HepChain 测试语料，由项目组自行撰写。</p>
</footer>
<script>
  document.querySelectorAll(".share a").forEach(function (a) { a.title = "分享本文到社交网络"; });
</script>
</body>
</html>
"""

JUNO_ZH_GB18030_HTML = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
<meta charset="gb18030">
<title>江门中微子实验（JUNO）简介_中微子专题_科普示例网</title>
<meta name="keywords" content="江门中微子实验,JUNO,中微子质量顺序,大亚湾">
<link href="/css/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script type="text/javascript">
<!--
function setFontSize(size) { document.getElementById("zoom").style.fontSize = size + "px"; }
var siteName = "科普示例网";
//-->
</script>
</head>
<body>
<!-- 页头开始 -->
<div id="header">
  <div class="logo"><img src="/images/logo.gif" alt="科普示例网" /></div>
  <div class="toplinks"><a href="/">网站首页</a> | <a href="javascript:void(0)" onclick="addFavorite()">加入收藏</a> | <a href="/rss/">RSS订阅</a></div>
</div>
<div id="menu">
  <a href="/">首页</a> <a href="/kepu/">科普文章</a> <a href="/zhuanti/">专题报道</a> <a href="/video/">科普视频</a> <a href="/about/">关于我们</a>
</div>
<!-- 页头结束 -->
<table width="980" border="0" cellspacing="0" cellpadding="0" align="center">
<tr>
<td width="220" valign="top" class="left">
  <div class="leftbox">
    <h3>专题导航</h3>
    <ul><li><a href="/zhuanti/neutrino/">中微子专题</a></li><li><a href="/zhuanti/collider/">对撞机专题</a></li><li><a href="/zhuanti/cosmic/">宇宙线专题</a></li></ul>
  </div>
  <div class="leftbox">
    <h3>下载中心</h3>
    <ul><li><a href="/download/1.pdf">示例讲义下载</a></li><li><a href="/download/2.pdf">示例海报下载</a></li></ul>
  </div>
</td>
<td width="760" valign="top">
<div class="position">您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/zhuanti/neutrino/">中微子专题</a> &gt;&gt; 正文</div>
<div id="content">
<h1>江门中微子实验（JUNO）简介</h1>
<div class="info">发布时间：2026-01-01　来源：HepChain 示例语料　【字体：<a href="javascript:setFontSize(16)">大</a> <a href="javascript:setFontSize(14)">中</a> <a href="javascript:setFontSize(12)">小</a>】</div>
<div id="zoom">
<h2>一、实验概况</h2>
<p>江门中微子实验（Jiangmen Underground Neutrino Observatory，简称 JUNO）位于广东省江门市开平市，由中国科学院高能物理研究所牵头建设，国际合作组成员来自十几个国家和地区的七十多个研究机构。实验于 2015 年开工建设，2025 年 8 月正式开始物理取数。</p>

<h2>二、科学目标</h2>
<p>江门中微子实验的首要科学目标是测定中微子质量顺序，即回答第三种质量本征态 ν3 是最重的（正常顺序）还是最轻的（反常顺序）。实验预计运行约 6 年即可以约 3 倍标准偏差（3σ）的置信度确定质量顺序，并把 sin²θ12、Δm²21 和 Δm²31 三个振荡参数的测量精度提高到 0.5% 以内。此外，它还将研究太阳中微子、大气中微子、地球中微子和超新星中微子。</p>

<h2>三、中心探测器</h2>
<p>中心探测器是世界上规模最大的液体闪烁体探测器：2 万吨（20 kton）以线性烷基苯为主要成分的液体闪烁体盛放在直径 35.4 米的有机玻璃球内，由 17612 只 20 英寸大光电倍增管和 25600 只 3 英寸小光电倍增管接收闪烁光。为了分辨两种质量顺序在能谱上造成的微小差别，探测器在 1 MeV 处的能量分辨率需要达到 3%。探测器上方岩石覆盖约 650 米，外围的超纯水池作为水切伦科夫探测器用于屏蔽本底和标记宇宙线 μ 子，顶部还安装了径迹探测器。</p>

<h2>四、反应堆中微子</h2>
<p>江门中微子实验距离阳江核电站和台山核电站均约 53 公里。在这一距离上，由 Δm²21 驱动的“慢”振荡接近第一个极大，而由 Δm²31 和 Δm²32 驱动的“快”振荡叠加在能谱上形成细小的波纹，其相位与质量顺序有关。反应堆产生的电子反中微子通过反 β 衰变 ν̄e + p → e⁺ + n 被探测，正电子给出快信号，中子俘获给出延迟信号。作为近点探测器，台山中微子实验（TAO）将高精度测量未发生振荡的反应堆中微子能谱。</p>

<h2>五、与大亚湾实验的传承</h2>
<p>江门中微子实验的许多技术和人员来自大亚湾反应堆中微子实验。2012 年 3 月 8 日，大亚湾实验宣布发现了一种新的中微子振荡模式，测得 sin²2θ13 = 0.092 ± 0.016（统计）± 0.005（系统），显著性达到 5.2 倍标准偏差。大亚湾实验于 2020 年 12 月停止运行，最终给出 sin²2θ13 = 0.0851 ± 0.0024，是对该混合角最精确的测量。θ13 不为零，使得利用反应堆中微子测量质量顺序成为可能。</p>
</div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
</td>
</tr>
</table>
<!-- 页脚 -->
<div id="footer">
  <p>主办单位：科普示例网（HepChain 示例站点）　技术支持：示例网络中心</p>
  <p>Copyright &copy; 2026 版权所有　本页为 HepChain 测试语料，以 GB18030 编码保存。</p>
</div>
<script type="text/javascript">
  document.write("<p class='visits'>您是第 <b>" + Math.floor(Math.random() * 100000) + "</b> 位访客</p>");
</script>
<noscript>您的浏览器不支持脚本，部分功能无法使用。</noscript>
</body>
</html>
"""

# MARK: - arXiv-style records (samples: these papers do not exist)

SAMPLE_RECORDS = [
    {
        "id": "2501.99901",
        "version": 1,
        "published": "2025-01-15T18:00:02Z",
        "updated": "2025-01-15T18:00:02Z",
        "title": "Photon reconstruction in a CsI(Tl) calorimeter with graph neural networks: a HepChain sample record",
        "authors": [("Alice", "Quark", "HepChain Sample Institute A"), ("Bo", "Gluon", "HepChain Sample Institute B"),
                    ("Carla", "Lepton", "HepChain Sample Institute A"), ("Deng", "Boson", "HepChain Sample Institute C")],
        "primary": "hep-ex",
        "categories": ["hep-ex", "physics.ins-det", "cs.LG"],
        "comment": "HepChain sample record, not a real paper. 12 pages, 6 figures",
        "journal_ref": None,
        "abstract": (
            "This is a sample record written for the HepChain test corpus; it does not describe a real "
            "publication, and its numbers are illustrative. We study the reconstruction of photons in a "
            "homogeneous calorimeter of 6240 CsI(Tl) crystals modelled on the BESIII electromagnetic "
            "calorimeter. A graph neural network that treats the fired crystals of an event as nodes and "
            "links crystals closer than two Molière radii learns to split overlapping showers. In a toy "
            "simulation it separates the two photons of π0 decays with momenta up to 2 GeV/c more often than "
            "a seeded clustering algorithm, and it keeps the energy resolution for isolated 1 GeV photons "
            "at 2.5%. We discuss how such a network could be calibrated with radiative Bhabha events and "
            "with π0 and η decays in J/ψ data."
        ),
    },
    {
        "id": "2502.99902",
        "version": 2,
        "published": "2025-02-03T09:12:44Z",
        "updated": "2025-03-10T14:30:00Z",
        "title": "Toy study of the mass-ordering sensitivity of a medium-baseline reactor detector: a HepChain sample record",
        "authors": [("Erin", "Neutrino", "HepChain Sample Institute C"), ("Fang", "Meson", "HepChain Sample Institute B"),
                    ("Goran", "Hadron", "HepChain Sample Institute D")],
        "primary": "hep-ex",
        "categories": ["hep-ex", "hep-ph"],
        "comment": "HepChain sample record, not a real paper. v2: corrected a table caption",
        "journal_ref": None,
        "abstract": (
            "This is a sample record written for the HepChain test corpus; it does not describe a real "
            "publication. With a toy Monte Carlo of a 20 kton liquid-scintillator detector placed 53 km from "
            "two reactor complexes, we show how the sensitivity to the neutrino mass ordering depends on the "
            "energy resolution. The sensitivity falls quickly when the resolution at 1 MeV degrades from 3% "
            "towards 4%, and an unknown non-linearity of the energy scale can mimic the wrong ordering "
            "unless a near detector constrains the reactor spectrum."
        ),
    },
    {
        "id": "2503.99903",
        "version": 1,
        "published": "2025-03-20T17:45:10Z",
        "updated": "2025-03-20T17:45:10Z",
        "title": "A particle-transformer jet-flavour tagger for a toy Higgs-factory detector: a HepChain sample record",
        "authors": [("Hana", "Tau", "HepChain Sample Institute A"), ("Ivan", "Photon", "HepChain Sample Institute D"),
                    ("Jun", "Charm", "HepChain Sample Institute B"), ("Kim", "Bottom", "HepChain Sample Institute C"),
                    ("Lena", "Strange", "HepChain Sample Institute A")],
        "primary": "hep-ex",
        "categories": ["hep-ex", "hep-ph", "physics.data-an"],
        "comment": "HepChain sample record, not a real paper. 20 pages",
        "journal_ref": "HepChain Sample Reports 1 (2025) 3",
        "abstract": (
            "This is a sample record written for the HepChain test corpus; it does not describe a real "
            "publication. We train a Particle Transformer to classify jets from Z and Higgs boson decays "
            "into bottom, charm, strange, light-quark and gluon classes in a toy simulation of a "
            "particle-flow detector at a 240 GeV electron-positron Higgs factory. Pairwise features of "
            "the particles enter as attention biases. We describe the inputs, the training set of one "
            "million jets per class, and the confusion matrix between the five classes."
        ),
    },
]


def arxiv_abs_page(record: dict) -> str:
    """An abs page shaped like arxiv.org/abs: citation_* meta tags, header, abstract, submission history."""
    identifier = record["id"]
    versioned = f"{identifier}v{record['version']}"
    date = record["published"][:10].replace("-", "/")
    authors_meta = "\n".join(f'<meta name="citation_author" content="{html.escape(last)}, {html.escape(first)}" />'
                             for first, last, _ in record["authors"])
    authors_links = ", ".join(f'<a href="https://arxiv.org/search/?searchtype=author&amp;query={last},+{first[0]}">'
                              f"{html.escape(first)} {html.escape(last)}</a>" for first, last, _ in record["authors"])
    subjects = "; ".join(f"{name} ({code})" for code, name in [(c, CATEGORY_NAMES[c]) for c in record["categories"]])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<title>[{identifier}] {html.escape(record["title"])}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" type="text/css" media="screen" href="/static/browse/0.3.4/css/arXiv.css" />
<meta property="og:type" content="website" />
<meta property="og:site_name" content="arXiv.org" />
<meta property="og:title" content="{html.escape(record["title"])}" />
<meta property="og:url" content="https://arxiv.org/abs/{versioned}" />
<meta name="citation_title" content="{html.escape(record["title"])}" />
{authors_meta}
<meta name="citation_date" content="{date}" />
<meta name="citation_online_date" content="{date}" />
<meta name="citation_pdf_url" content="https://arxiv.org/pdf/{versioned}" />
<meta name="citation_arxiv_id" content="{identifier}" />
<meta name="citation_abstract" content="{html.escape(record["abstract"])}" />
<script src="/static/browse/0.3.4/js/mathjaxToggle.min.js" type="text/javascript"></script>
<script type="text/javascript">
  var sampleNotice = "HepChain sample page: this record is not on arXiv.";
</script>
</head>
<body class="with-cu-identity">
<div class="flex-wrap-footer">
<header>
  <a href="#content" class="is-sr-only">Skip to main content</a>
  <div id="cu-identity"><div id="support-ack"><a href="https://info.arxiv.org/about/ourmembers.html">We gratefully acknowledge support from the Simons Foundation, member institutions, and all contributors.</a> <a href="https://info.arxiv.org/about/donate.html" class="btn-header-donate">Donate</a></div></div>
  <div id="header" class="is-hidden-mobile">
    <a aria-hidden="true" tabindex="-1" href="/IgnoreMe"></a>
    <div class="header-breadcrumbs"><a href="/">arxiv logo</a> &gt; <a href="/list/{record["primary"]}/recent">{record["primary"]}</a> &gt; arXiv:{identifier}</div>
    <div class="search-block level-right">
      <form class="level-item mini-search" method="GET" action="https://arxiv.org/search">
        <input class="input is-small" type="text" name="query" placeholder="Search..." aria-label="Search term or terms" />
        <select class="is-small" id="searchtype" name="searchtype"><option value="all" selected="selected">All fields</option><option value="title">Title</option><option value="author">Author</option><option value="abstract">Abstract</option></select>
        <button class="button is-small is-cul-darker">Search</button>
      </form>
    </div>
  </div>
</header>
<main>
<div id="content">
<div id="abs-outer">
<div class="leftcolumn">
  <div class="subheader"><h1>{CATEGORY_NAMES[record["primary"]]}</h1></div>
  <div class="header-breadcrumbs-mobile"><strong>arXiv:{identifier}</strong> ({record["primary"]})</div>
  <div id="content-inner">
  <div id="abs">
    <div class="dateline">[Submitted on {record["published"][:10]} (v1), last revised {record["updated"][:10]} (this version, v{record["version"]})]</div>
    <h1 class="title mathjax"><span class="descriptor">Title:</span>{html.escape(record["title"])}</h1>
    <div class="authors"><span class="descriptor">Authors:</span>{authors_links}</div>
    <div class="sample-notice"><p><strong>HepChain sample:</strong> this page imitates an arXiv abstract page for testing. The paper, its authors and its identifier are invented.</p></div>
    <blockquote class="abstract mathjax"><span class="descriptor">Abstract:</span>{html.escape(record["abstract"])}</blockquote>
    <div class="metatable">
      <table summary="Additional metadata">
        <tr><td class="tablecell label">Comments:</td><td class="tablecell comments mathjax">{html.escape(record["comment"])}</td></tr>
        <tr><td class="tablecell label">Subjects:</td><td class="tablecell subjects"><span class="primary-subject">{subjects}</span></td></tr>
        <tr><td class="tablecell label">Cite as:</td><td class="tablecell arxivid"><span class="arxivid"><a href="https://arxiv.org/abs/{identifier}">arXiv:{identifier}</a> [{record["primary"]}]</span></td></tr>
      </table>
    </div>
  </div>
  </div>
  <div class="submission-history">
    <h2>Submission history</h2> From: {html.escape(record["authors"][0][0])} {html.escape(record["authors"][0][1])} [<a href="/show-email/00000000/{identifier}">view email</a>]<br/>
    <strong>[v1]</strong> {record["published"][:10]} (12 KB)<br/>
  </div>
</div>
<div class="extra-services">
  <div class="full-text"><h2>Access Paper:</h2><ul><li><a href="/pdf/{versioned}" class="abs-button download-pdf">View PDF</a></li><li><a href="/format/{identifier}" class="abs-button download-format">Other Formats</a></li></ul></div>
  <div class="browse">Current browse context: <div class="current">{record["primary"]}</div><div class="prevnext"><a href="/prevnext?id={identifier}&amp;function=prev">&lt;&nbsp;prev</a> | <a href="/prevnext?id={identifier}&amp;function=next">next&nbsp;&gt;</a></div></div>
  <div class="extra-ref-cite"><h3>References &amp; Citations</h3><ul><li><a class="abs-button abs-button-small cite-ads" href="#">NASA ADS</a></li><li><a class="abs-button abs-button-small cite-google-scholar" href="#">Google Scholar</a></li><li><a class="abs-button abs-button-small cite-semantic-scholar" href="#">Semantic Scholar</a></li></ul></div>
  <div class="bookmarks"><h3>Bookmark</h3><a href="#" title="Bookmark on BibSonomy">BibSonomy</a> <a href="#" title="Bookmark on Reddit">Reddit</a></div>
</div>
</div>
</div>
</main>
<footer style="clear: both;">
  <div class="columns is-desktop" role="navigation" aria-label="Secondary">
    <ul><li><a href="https://info.arxiv.org/about">About</a></li><li><a href="https://info.arxiv.org/help">Help</a></li><li><a href="https://info.arxiv.org/help/contact.html">Contact</a></li><li><a href="https://info.arxiv.org/help/subscribe">Subscribe</a></li></ul>
    <ul><li><a href="https://info.arxiv.org/help/license/index.html">Copyright</a></li><li><a href="https://info.arxiv.org/help/policies/privacy_policy.html">Privacy Policy</a></li><li><a href="https://info.arxiv.org/help/web_accessibility.html">Web Accessibility Assistance</a></li></ul>
  </div>
</footer>
</div>
<script src="/static/browse/0.3.4/js/member_acknowledgement.js"></script>
</body>
</html>
"""


CATEGORY_NAMES = {
    "hep-ex": "High Energy Physics - Experiment",
    "hep-ph": "High Energy Physics - Phenomenology",
    "physics.ins-det": "Instrumentation and Detectors",
    "physics.data-an": "Data Analysis, Statistics and Probability",
    "cs.LG": "Machine Learning",
}


def arxiv_atom_feed(records: list[dict]) -> str:
    """An arXiv API response (export.arxiv.org/api/query) in Atom 1.0 with OpenSearch counts."""
    query = "search_query=all:hepchain_sample&id_list=&start=0&max_results=10"
    entries = []
    for record in records:
        versioned = f"{record['id']}v{record['version']}"
        authors = "\n".join(
            f"    <author>\n      <name>{html.escape(first)} {html.escape(last)}</name>\n"
            f'      <arxiv:affiliation xmlns:arxiv="http://arxiv.org/schemas/atom">{html.escape(place)}</arxiv:affiliation>\n'
            f"    </author>" for first, last, place in record["authors"])
        categories = "\n".join(f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>'
                               for c in record["categories"])
        journal = (f'\n    <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">{html.escape(record["journal_ref"])}</arxiv:journal_ref>'
                   if record["journal_ref"] else "")
        entries.append(f"""  <entry>
    <id>http://arxiv.org/abs/{versioned}</id>
    <updated>{record["updated"]}</updated>
    <published>{record["published"]}</published>
    <title>{html.escape(record["title"])}</title>
    <summary>  {html.escape(record["abstract"])}
</summary>
{authors}
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">{html.escape(record["comment"])}</arxiv:comment>{journal}
    <link href="http://arxiv.org/abs/{versioned}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{versioned}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="{record["primary"]}" scheme="http://arxiv.org/schemas/atom"/>
{categories}
  </entry>""")
    body = "\n".join(entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- HepChain sample: an arXiv API response written for testing. The three records are invented. -->
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?{html.escape(query)}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: {html.escape(query)}</title>
  <id>http://arxiv.org/api/hepchain-sample-query</id>
  <updated>2025-03-21T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(records)}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">10</opensearch:itemsPerPage>
{body}
</feed>
"""


# MARK: - Markdown

UNITS_MARKDOWN = """# HEP units and kinematics: a cheat sheet

*HepChain sample corpus · written for the HepChain test suite.*

Particle physicists use natural units, in which the reduced Planck constant and the speed of light are set
to one (ħ = c = 1). Energies, momenta and masses are then all quoted in electronvolts, and lengths and times
in inverse electronvolts.

## 1 Energy and length

| Quantity | Value |
|---|---|
| 1 eV | 1.602176634 × 10⁻¹⁹ J (exact since the 2019 SI redefinition) |
| ħc | 197.327 MeV·fm |
| c | 299 792 458 m/s (exact) |
| 1 fm | 10⁻¹⁵ m |

The conversion ħc ≈ 197 MeV·fm turns masses into lengths: the size of a proton, about 0.84 fm, corresponds to
an energy scale of roughly 235 MeV.

## 2 Cross sections and luminosity

Cross sections are quoted in barns: 1 b = 10⁻²⁸ m² = 10⁻²⁴ cm², and 1 pb = 10⁻³⁶ cm². The integrated
luminosity is quoted in inverse barns: 1 fb⁻¹ = 10³⁹ cm⁻². The expected number of events is the product of
cross section and integrated luminosity, N = σ × ∫L dt. A process with σ = 50 pb in a data set of 100 fb⁻¹
gives 5 million events before any selection. An instantaneous luminosity of 10³⁴ cm⁻² s⁻¹ equals
10 nb⁻¹ per second.

## 3 Collider kinematics

- **Transverse momentum:** pT = p sin θ, where θ is the polar angle to the beam axis.
- **Pseudorapidity:** η = −ln tan(θ/2). It is 0 perpendicular to the beam, and |η| = 2.5, the usual edge of
  LHC trackers, corresponds to θ ≈ 9.4°.
- **Angular distance:** ΔR = √(Δη² + Δφ²), with φ the azimuthal angle.
- **Invariant mass:** m² = (ΣE)² − |Σp|², the same in every frame.
- **Magnetic rigidity:** p [GeV/c] = 0.3 · B [T] · r [m] for a singly charged particle on a circle of
  radius r, so a 1 GeV/c track in the 1 T field of BESIII curls with a radius of about 3.3 m.

## 4 Symbols used in the sample corpus

ψ (psi) for charmonium vector states, θ (theta) for mixing and polar angles, ν (nu) for neutrinos,
√ for square roots, ⊕ for a sum in quadrature, and ± for uncertainties.
"""


# MARK: - Files written besides the PDFs


def text_files() -> dict[str, bytes]:
    """Every non-PDF corpus file, as the bytes to write."""
    files = {
        "html/jet-tagging.html": JET_TAGGING_HTML.encode("utf-8"),
        "html/besiii-zh.html": BESIII_ZH_HTML.encode("utf-8"),
        # Declared only by <meta charset="gb18030">: no BOM, no XML declaration, no HTTP header to help.
        "html/juno-zh-gb18030.html": JUNO_ZH_GB18030_HTML.encode("gb18030"),
        "html/arxiv-abs-2501.99901.html": arxiv_abs_page(SAMPLE_RECORDS[0]).encode("utf-8"),
        "atom/arxiv-api-query.xml": arxiv_atom_feed(SAMPLE_RECORDS).encode("utf-8"),
        "text/hep-units-cheatsheet.md": UNITS_MARKDOWN.encode("utf-8"),
    }
    return files


# MARK: - Questions (eval/corpus.jsonl)
#
# Each answerable question names its sources as (file, anchor): the anchor is a phrase on the page that
# answers it, and the page number is found by searching the rendered PDF, so edits to the texts cannot
# leave stale page numbers behind. Non-PDF files are single-page documents (page 1).

B, J, N, C = "pdf/besiii.pdf", "pdf/jpsi.pdf", "pdf/neutrino-oscillation.pdf", "pdf/calorimetry.pdf"
JET, BZH, JUNO = "html/jet-tagging.html", "html/besiii-zh.html", "html/juno-zh-gb18030.html"
ABS, ATOM, MD = "html/arxiv-abs-2501.99901.html", "atom/arxiv-api-query.xml", "text/hep-units-cheatsheet.md"

QUESTIONS = [
    # BESIII
    ("How many J/ψ events had BESIII collected by 2019?", [(B, "about 10 billion J/ψ events"), (BZH, "100 亿")],
     ["10 billion"]),
    ("What is the centre-of-mass energy range of the BEPCII collider?", [(B, "between 2.0 and 4.95 GeV"), (BZH, "2.0 至 4.95 GeV")],
     ["4.95 GeV"]),
    ("How many CsI(Tl) crystals does the BESIII electromagnetic calorimeter have?",
     [(B, "built from 6240 thallium-doped"), (C, "contains 6240 CsI(Tl) crystals"), (BZH, "6240 块")], ["6240"]),
    ("What momentum resolution does the BESIII main drift chamber reach for 1 GeV/c tracks?",
     [(B, "momentum resolution for charged particles is 0.5%"), (BZH, "动量分辨率为 0.5%")], ["0.5%"]),
    ("When did BEPCII reach its design luminosity of 1 × 10³³ cm⁻² s⁻¹?",
     [(B, "was reached in April 2016"), (BZH, "2016 年 4 月")], ["2016"]),
    ("Which charged charmonium-like structure did BESIII observe in 2013?",
     [(B, "the Zc(3900)"), (BZH, "Zc(3900)")], ["Zc(3900)"]),
    ("How many ψ(3686) events has BESIII recorded?", [(B, "about 2.7 billion events")], ["2.7 billion"]),
    ("What time resolution does the upgraded MRPC end-cap time-of-flight system of BESIII reach?",
     [(B, "time resolution of about 60 ps"), (BZH, "约 60 ps")], ["60 ps"]),
    ("Where is the Super Tau-Charm Facility proposed to be built?", [(B, "being proposed in Hefei"), (BZH, "在合肥提出")],
     ["Hefei"]),
    ("What value of the Λ decay-asymmetry parameter did BESIII measure in 2019?",
     [(B, "αΛ = 0.750"), (BZH, "0.750")], ["0.750"]),
    # J/psi
    ("Who shared the Nobel Prize in Physics for the discovery of the J/ψ, and in which year?",
     [(J, "shared the Nobel Prize in Physics 1976")], ["Richter", "Ting", "1976"]),
    ("What is the mass of the J/ψ meson?", [(J, "Its mass is 3096.900")], ["3096.9"]),
    ("How wide is the J/ψ resonance?", [(J, "total width is only 92.6")], ["92.6"]),
    ("Why is the J/ψ so narrow although it is a strongly decaying hadron?",
     [(J, "Okubo–Zweig–Iizuka (OZI) rule")], ["OZI", "three gluons"]),
    ("On what date did the SLAC and Brookhaven groups announce the J/ψ discovery?",
     [(J, "announced their results together on 11 November 1974")], ["11 November 1974"]),
    ("At which laboratory and accelerator did Samuel Ting's group discover the J particle?",
     [(J, "At Brookhaven National Laboratory (BNL)")], ["Brookhaven", "Alternating Gradient Synchrotron"]),
    ("What is the mass of the χc2(1P) charmonium state?", [(J, "3556.2")], ["3556.2"]),
    # Neutrino oscillation
    ("What value of sin²2θ13 did the Daya Bay experiment announce in March 2012?",
     [(N, "sin²2θ13 = 0.092"), (JUNO, "0.092 ± 0.016")], ["0.092"]),
    ("How far is JUNO from the Yangjiang and Taishan nuclear power plants?",
     [(N, "At a baseline of about 53 km"), (JUNO, "约 53 公里")], ["53 km"]),
    ("How much liquid scintillator does the JUNO central detector contain?",
     [(N, "uses 20 kton of liquid scintillator"), (JUNO, "20 kton")], ["20 kton"]),
    ("What energy resolution does JUNO need to determine the neutrino mass ordering?",
     [(N, "energy resolution of about 3% at 1 MeV"), (JUNO, "能量分辨率需要达到 3%")], ["3%"]),
    ("Who received the Nobel Prize in Physics 2015 for the discovery of neutrino oscillations?",
     [(N, "Kajita and Arthur B. McDonald")], ["Kajita", "McDonald"]),
    ("What do the letters PMNS stand for in the PMNS matrix?",
     [(N, "Pontecorvo–Maki–Nakagawa–Sakata")], ["Pontecorvo", "Maki", "Nakagawa", "Sakata"]),
    ("What upper limit does KATRIN set on the effective electron-neutrino mass?",
     [(N, "below 0.45 eV")], ["0.45 eV"]),
    # Calorimetry
    ("What is the radiation length of lead?", [(C, "Lead (Pb)"), (C, "against 0.56 cm")], ["0.56 cm"]),
    ("What fraction of an electromagnetic shower's energy lies within one Molière radius?",
     [(C, "radius one RM contains about 90%")], ["90%"]),
    ("What energy resolution did the CMS electromagnetic calorimeter reach in test beams?",
     [(C, "2.8%/√E ⊕ 12%/E ⊕ 0.3%")], ["2.8%"]),
    ("What do the terms a, b and c in the calorimeter resolution σ/E = a/√E ⊕ b/E ⊕ c stand for?",
     [(C, "The stochastic term a comes from")], ["stochastic", "noise", "constant"]),
    ("How long is the ring of the proposed Circular Electron Positron Collider?", [(C, "is a 100 km ring")], ["100 km"]),
    # Jet tagging
    ("Who introduced the anti-kt jet clustering algorithm, and when?", [(JET, "Grégory Soyez in 2008")],
     ["Cacciari", "Salam", "Soyez", "2008"]),
    ("What is the N-subjettiness ratio τ21 used for?", [(JET, "discriminates two-prong")], ["two-prong"]),
    ("How many jets does the JetClass dataset contain?", [(JET, "100 million jets in 10 classes")], ["100 million"]),
    ("What AUC does ParticleNet reach on the top-tagging benchmark?", [(JET, "graph network (EdgeConv)")], ["0.986"]),
    ("What jet radius do ATLAS and CMS use for standard anti-kt jets?", [(JET, "with R = 0.4 for standard jets")],
     ["0.4"]),
    # Cheat sheet
    ("What is the value of ħc in MeV·fm?", [(MD, "197.327 MeV·fm")], ["197.327"]),
    ("How many events does a process with a 50 pb cross section give in 100 fb⁻¹ of data?",
     [(MD, "gives 5 million events")], ["5 million"]),
    # Sample arXiv records
    ("What is the arXiv identifier of the HepChain sample record on photon reconstruction with graph neural networks?",
     [(ABS, "Photon reconstruction in a CsI(Tl) calorimeter"), (ATOM, "Photon reconstruction in a CsI(Tl) calorimeter")],
     ["2501.99901"]),
    ("Who wrote the HepChain sample record about a particle-transformer jet-flavour tagger?",
     [(ATOM, "A particle-transformer jet-flavour tagger")], ["Hana Tau", "Lena Strange"]),
    ("Who are the authors of the sample record arXiv:2501.99901?", [(ABS, "Alice Quark"), (ATOM, "Alice Quark")],
     ["Alice Quark", "Deng Boson"]),
    ("What journal reference does the sample record 2503.99903 carry?", [(ATOM, "HepChain Sample Reports")],
     ["HepChain Sample Reports 1 (2025) 3"]),
    # Chinese
    ("BESIII 电磁量能器由多少块 CsI(Tl) 晶体组成？",
     [(BZH, "6240 块"), (B, "built from 6240 thallium-doped"), (C, "contains 6240 CsI(Tl) crystals")], ["6240"]),
    ("截至 2019 年，BESIII 一共采集了多少 J/ψ 事例？", [(BZH, "约 100 亿个 J/ψ 事例")], ["100 亿"]),
    ("江门中微子实验距离阳江和台山核电站有多远？", [(JUNO, "约 53 公里"), (N, "At a baseline of about 53 km")], ["53"]),
    ("江门中微子实验使用了多少只 20 英寸光电倍增管？", [(JUNO, "17612 只 20 英寸")], ["17612"]),
    ("大亚湾实验在哪一年宣布发现新的中微子振荡模式？",
     [(JUNO, "2012 年 3 月 8 日"), (N, "On 8 March 2012 the collaboration")], ["2012"]),
    ("北京谱仪在哪一年发现了带电的类粲偶素结构 Zc(3900)？", [(BZH, "2013 年，BESIII"), (B, "In 2013 BESIII observed")],
     ["2013"]),
    ("江门中微子实验的首要科学目标是什么？", [(JUNO, "首要科学目标是测定中微子质量顺序")], ["质量顺序"]),
    ("北京正负电子对撞机 BEPCII 储存环的周长是多少？", [(BZH, "周长约 237.5 米"), (B, "about 237.5 m in circumference")],
     ["237.5"]),
]

UNANSWERABLE = [
    "What is the annual electricity bill of the BEPCII collider in yuan?",
    "How many crystals does the Belle II electromagnetic calorimeter contain?",
    "In which year will construction of the CEPC tunnel begin?",
    "江门中微子实验的建设总投资是多少亿元？",
]


# MARK: - Checks and main


def normalized(text: str) -> str:
    """Text as compared by the checks: NFC, one space for any whitespace run."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_pages(path: Path) -> list[str]:
    """The text layer of each page, as poppler's pdftotext reads it."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                                                            text=True).stdout).group(1))
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(path), "-"], check=True,
                           capture_output=True, text=True).stdout for n in range(1, count + 1)]


def markup_text(raw: bytes, encoding: str) -> str:
    """Visible-ish text of an HTML or XML file: tags dropped, entities decoded (good enough for checks)."""
    text = raw.decode(encoding)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def page_texts() -> dict[str, list[str]]:
    """Normalised page texts of every corpus file; non-PDF files are one page."""
    pages: dict[str, list[str]] = {}
    for path in sorted(CORPORA.rglob("*")):
        relative = path.relative_to(CORPORA).as_posix()
        if path.is_dir() or relative == "README.md":
            continue
        if path.suffix == ".pdf":
            pages[relative] = [normalized(page) for page in pdf_pages(path)]
        elif path.suffix in (".html", ".xml"):
            encoding = "gb18030" if "gb18030" in path.name else "utf-8"
            pages[relative] = [normalized(markup_text(path.read_bytes(), encoding))]
        else:
            pages[relative] = [normalized(path.read_text(encoding="utf-8"))]
    return pages


def build_questions(pages: dict[str, list[str]]) -> list[dict]:
    """Resolves every anchor to its page and checks that each fact is in at least one expected source."""
    rows = []
    for question, sources, facts in QUESTIONS:
        expected = []
        for file, anchor in sources:
            hits = [number for number, text in enumerate(pages[file], start=1) if normalized(anchor) in text]
            if not hits:
                sys.exit(f"render_corpus: anchor {anchor!r} not found in {file} (question {question!r})")
            entry = {"file": f"corpora/{file}", "page": hits[0]}
            if entry not in expected:
                expected.append(entry)
        for fact in facts:
            if not any(normalized(fact) in pages[e["file"].removeprefix("corpora/")][e["page"] - 1] for e in expected):
                sys.exit(f"render_corpus: fact {fact!r} of {question!r} is on none of its expected pages")
        rows.append({"question": question, "expected": expected, "answerable": True, "facts": facts})
    rows += [{"question": question, "expected": [], "answerable": False, "facts": []} for question in UNANSWERABLE]
    return rows


def check_pdfs(pages: dict[str, list[str]]) -> None:
    """The properties the ingester tests rely on: page count, running header, page numbers, symbols."""
    symbols = {B: "ψ±", J: "ψ±", N: "θν±", C: "√⊕±"}
    for document in PDF_DOCUMENTS:
        file, texts = document["file"], pages[document["file"]]
        if len(texts) < 3:
            sys.exit(f"render_corpus: {file} has {len(texts)} pages; the corpus needs at least 3")
        for number, text in enumerate(texts, start=1):
            if normalized(document["header"]) not in text or f"Page {number}" not in text:
                sys.exit(f"render_corpus: {file} page {number} lacks its running header or page number")
        check_reading_order(document)
        missing = [symbol for symbol in symbols[file] if symbol not in " ".join(texts)]
        if missing:
            sys.exit(f"render_corpus: pdftotext lost {missing} in {file}")


def check_reading_order(document: dict) -> None:
    """Every heading, paragraph, formula and table starts later in pdftotext's output than the one before it."""
    text = normalized(subprocess.run(["pdftotext", "-enc", "UTF-8", str(CORPORA / document["file"]), "-"], check=True,
                                     capture_output=True, text=True).stdout)
    position = -1
    for heading, blocks in document["sections"]:
        for item in [heading] + [block if isinstance(block, str) else block[1] if block[0] == "eq" else block[1][0][0]
                                 for block in blocks]:
            start = normalized(item)[:25]
            found = text.find(start, position + 1)
            if found < 0:
                sys.exit(f"render_corpus: {document['file']}: {start!r} is out of reading order in pdftotext output")
            position = found


def check_encodings() -> None:
    """The GB18030 page must not be valid UTF-8, or it would not test charset detection."""
    raw = (CORPORA / "html/juno-zh-gb18030.html").read_bytes()
    try:
        raw.decode("utf-8")
        sys.exit("render_corpus: the GB18030 page decodes as UTF-8; it tests nothing")
    except UnicodeDecodeError:
        pass
    if b'<meta charset="gb18030">' not in raw[:1024]:
        sys.exit("render_corpus: the GB18030 page must declare its charset in its first 1024 bytes")


def word_count(document: dict) -> int:
    """Words of the explainer body (abstract and sections, tables included)."""
    words = len(document["abstract"].split())
    for heading, blocks in document["sections"]:
        for block in blocks:
            if isinstance(block, str):
                words += len(block.split())
            elif block[0] == "eq":
                words += len(block[1].split())
            else:
                words += sum(len(value.split()) for row in block[1] for value in row)
    return words


FILE_NOTES = {
    B: ("PDF, A4, one column, 4 pages", "page-level citations, running header and page-number removal, numbered "
        "sections and subsections (3.1–3.5), a table, Greek letters and superscripts (10³³ cm⁻² s⁻¹)"),
    J: ("PDF, A4, one column, 3 pages", "history and numbers across pages, tables with Greek and term symbols (1³S₁)"),
    N: ("PDF, A4, two columns, 3 pages", "reading order across two columns with a full-width title block, displayed "
        "formulas with θ, ν, Δm² and ±, a right-aligned page number"),
    C: ("PDF, A4, one column, 3 pages", "maths symbols √ and ⊕ in the text layer, a materials table, "
        "cross-document overlap with besiii.pdf (the BESIII EMC)"),
    JET: ("HTML, UTF-8, English", "main-content extraction (cookie banner, header, nav, breadcrumbs, aside, footer, "
          "scripts and styles to drop), <sub>/<sup> markup, a <table> with caption"),
    BZH: ("HTML, UTF-8, Chinese", "Chinese text and tokenisation, cross-lingual retrieval against besiii.pdf, "
          "boilerplate typical of Chinese portals (top bar, breadcrumb, share links, prev/next, 备案 footer)"),
    JUNO: ("HTML, GB18030, Chinese", "charset detection from <meta charset=\"gb18030\"> alone (the bytes are not "
           "valid UTF-8), an old table layout with left navigation, comments, document.write and <noscript>"),
    ABS: ("HTML, UTF-8, arXiv abs page", "citation_title / citation_author (4) / citation_date / citation_arxiv_id / "
          "citation_abstract / citation_pdf_url metadata; arXiv page chrome to drop. A sample record, not a real paper"),
    ATOM: ("Atom 1.0 (arXiv API response), UTF-8", "opensearch:totalResults/startIndex/itemsPerPage, three entries with "
           "versioned ids, authors with arxiv:affiliation, arxiv:primary_category, categories, abs and pdf links, "
           "arxiv:comment and arxiv:journal_ref. Sample records, not real papers"),
    MD: ("Markdown, UTF-8", "headings, a pipe table, a bullet list, Unicode maths (ħ, √, ⁻¹)"),
}


def readme(pages: dict[str, list[str]], rows: list[dict]) -> str:
    """corpora/README.md: every file, its format, what it tests, and where the question set points."""
    by_page: dict[tuple[str, int], list[int]] = {}
    for number, row in enumerate(rows, start=1):
        for entry in row["expected"]:
            by_page.setdefault((entry["file"].removeprefix("corpora/"), entry["page"]), []).append(number)
    lines = [
        "# Sample corpus",
        "",
        "Written by the HepChain project for its tests and demo: the explainers are our own words about real",
        "physics; the arXiv abs page and the Atom feed describe invented sample records and say so. Everything here",
        "is generated by `scripts/render_corpus.sh` (see `docs/corpus.md`); edit the script, not these files.",
        "",
        "The questions over this corpus are in `eval/corpus.jsonl` (one JSON object per line: question, expected",
        "file and page, whether it is answerable, and short facts a correct answer contains). Question numbers",
        "below are line numbers in that file. This README deliberately names topics, not the answers, so that",
        "indexing `corpora/` with it does not hand the answers to the retriever.",
        "",
        "| File | Format | What it tests |",
        "|---|---|---|",
    ]
    for file, (form, tests) in FILE_NOTES.items():
        lines.append(f"| `{file}` | {form} | {tests} |")
    lines += ["", "## Where the facts are", ""]
    for file in FILE_NOTES:
        lines.append(f"### `{file}`")
        lines.append("")
        document = next((d for d in PDF_DOCUMENTS if d["file"] == file), None)
        if document:
            for number, text in enumerate(pages[file], start=1):
                headings = [heading for heading, _ in document["sections"] if normalized(heading) in text]
                questions = ", ".join(f"#{q}" for q in by_page.get((file, number), [])) or "none"
                lines.append(f"- page {number}: {'; '.join(headings) or 'continued text'}. Questions: {questions}.")
        else:
            questions = ", ".join(f"#{q}" for q in by_page.get((file, 1), [])) or "none"
            lines.append(f"- single page (page 1). Questions: {questions}.")
        lines.append("")
    unanswerable = ", ".join(f"#{n}" for n, row in enumerate(rows, start=1) if not row["answerable"])
    lines += [f"Questions {unanswerable} have no answer in the corpus (`\"answerable\": false`).", ""]
    return "\n".join(lines)


def main() -> None:
    register_fonts()
    for document in PDF_DOCUMENTS:
        render_pdf(document, CORPORA / document["file"])
    for relative, data in text_files().items():
        path = CORPORA / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    pages = page_texts()
    check_pdfs(pages)
    check_encodings()
    rows = build_questions(pages)
    EVAL.parent.mkdir(parents=True, exist_ok=True)
    EVAL.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    (CORPORA / "README.md").write_text(readme(pages, rows), encoding="utf-8")
    total = sum(path.stat().st_size for path in CORPORA.rglob("*") if path.is_file())
    if total > 2_000_000:
        sys.exit(f"render_corpus: corpora/ is {total} bytes; keep it under 2 MB")
    for document in PDF_DOCUMENTS:
        print(f"{document['file']}: {len(pages[document['file']])} pages, {word_count(document)} words")
    print(f"{len(rows)} questions ({sum(not row['answerable'] for row in rows)} unanswerable) -> {EVAL.relative_to(ROOT)}")
    print(f"corpora/: {total} bytes")


if __name__ == "__main__":
    main()
