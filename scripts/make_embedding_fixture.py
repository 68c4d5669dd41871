#!/usr/bin/env python3
"""Writes Tests/EmbeddingTests/Fixtures/minilm_reference.json: reference token ids and embeddings.

The reference is sentence-transformers itself (its fast Hugging Face tokenizer, PyTorch forward pass,
mean pooling, L2 normalisation) on the local model folder, so the Swift embedder is compared with exactly
what Python users get. Run once, offline:

    HF_HUB_OFFLINE=1 python3 scripts/make_embedding_fixture.py [models/all-MiniLM-L6-v2]

The texts are written here (not taken from the shared corpora) and cover the tokenizer's edge cases:
HEP prose and queries, Chinese, accents, LaTeX, URLs, arXiv ids, emoji, control characters, special-token
strings, empty strings and texts longer than the 256-wordpiece window.
"""
import json
import os
import random
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "models", "all-MiniLM-L6-v2")
OUT = os.path.join(ROOT, "Tests", "EmbeddingTests", "Fixtures", "minilm_reference.json")

SENTENCES = [
    "The Higgs boson mass is measured in the H→γγ and H→ZZ*→4ℓ decay channels.",
    "The combined ATLAS and CMS result is m_H = 125.09 ± 0.21 (stat.) ± 0.11 (syst.) GeV.",
    "Events are required to have at least two jets with transverse momentum above 30 GeV.",
    "The missing transverse momentum E_T^miss is reconstructed from calibrated objects and soft terms.",
    "Squarks and gluinos are searched for in final states with jets and large missing transverse momentum.",
    "No significant excess over the Standard Model expectation is observed.",
    "Exclusion limits at 95% confidence level are set on the masses of supersymmetric particles.",
    "The charged-current Drell-Yan cross-section is measured double-differentially in transverse mass and lepton pseudorapidity.",
    "Lattice QCD calculations predict the spectrum of open-charm tetraquark candidates such as the T_cc^+.",
    "The luminosity uncertainty of 1.7% is derived from van der Meer scans.",
    "Heavy quarks traversing the quark-gluon plasma lose energy through collisional and radiative processes.",
    "The Fokker-Planck equation describes the drag and diffusion of charm quarks in the medium.",
    "Radioactive krypton and argon are removed from xenon by gas chromatography before filling the detector.",
    "Nuclear recoils following thermal neutron capture were observed in a cryogenic silicon detector.",
    "The tuner of the 3.9 GHz cavity for LCLS-II was tested at Fermilab.",
    "Graph neural networks such as ParticleNet improve jet tagging performance at the LHC.",
    "Analysis facilities provide interactive, scalable access to data for physicists.",
    "The trigger system reduces the event rate from 40 MHz to about 1 kHz.",
    "Instanton corrections to the quark mass and the Ω baryon are computed in the dilute gas approximation.",
    "Boosted decision trees separate signal from the tt̄ background.",
    "The diboson excess near 2 TeV could be explained by low-scale supersymmetry breaking.",
    "Systematic uncertainties include the jet energy scale, pile-up modelling and parton distribution functions.",
    "The detector consists of an inner tracker, electromagnetic and hadronic calorimeters and a muon spectrometer.",
    "Monte Carlo samples were generated with POWHEG-BOX interfaced to PYTHIA 8 for the parton shower.",
    "The signal strength μ = σ/σ_SM is found to be compatible with unity.",
    "A profile-likelihood fit is performed simultaneously in all signal and control regions.",
    "Neutrino oscillation parameters Δm²₃₂ and sin²θ₂₃ are extracted from the disappearance spectrum.",
    "The JUNO detector will determine the neutrino mass ordering using reactor antineutrinos.",
    "BESIII collected large samples of J/ψ and ψ(3686) events at the BEPCII collider.",
    "Software for the High-Luminosity LHC must process an order of magnitude more data.",
]

QUERIES = [
    "What is the Higgs boson mass?",
    "higgs mass atlas cms combination",
    "How are squarks and gluinos searched for?",
    "missing transverse momentum reconstruction",
    "What is the luminosity uncertainty?",
    "Which detector removes krypton from xenon?",
    "tetraquark lattice QCD",
    "What does the Fokker-Planck equation describe?",
    "neutrino mass ordering JUNO",
    "jet tagging with graph neural networks",
    "trigger rate reduction",
    "What is E_T^miss?",
    "Who tested the LCLS-II cavity tuner?",
    "diboson excess 2 TeV",
    "signal strength mu compatible with one?",
    "Was ist die Masse des Higgs-Bosons?",
    "Quelle est la masse du boson de Higgs ?",
    "希格斯玻色子的质量是多少？",
    "What is m_H in GeV",
    "ParticleNet",
]

EDGE_CASES = [
    "",
    " ",
    "\t\n\r ",
    "a",
    "A",
    "Hello, World!",
    "HELLO world",
    # Chinese, Japanese, Korean, mixed scripts
    "希格斯玻色子是标准模型中的基本粒子。",
    "大型强子对撞机位于日内瓦附近的欧洲核子研究中心。",
    "中微子质量顺序 JUNO 实验",
    "日本語のテキストとカタカナ、ひらがな。",
    "한국어 텍스트도 있습니다.",
    "Mixed 中文 and English 文本 with numbers 123。",
    "㐀㐁 𠀀𠀁 豈更",  # CJK extension A, extension B, compatibility ideographs
    # accents and diacritics
    "Café, naïve, résumé, Schrödinger, Gödel, Erdős, Dvořák, Łukasiewicz.",
    "ÉCOLE NORMALE SUPÉRIEURE à Paris",
    "Ångström, Øresund, Æther, straße, İstanbul, ΣΊΣΥΦΟΣ",
    "Ñandú Çà Ça va? Zürich ETH",
    "e\u0301 combining acute vs é precomposed",
    "Ελληνικά: α β γ δ ε ζ η θ ι κ λ μ",
    "Кириллица: бозон Хиггса и адронный коллайдер",
    "עברית וערבית: العربية",
    "हिन्दी पाठ",
    # ligatures, superscripts, full-width (must NOT be NFKC-normalised)
    "ﬁnal ﬂux eﬃciency",
    "x² + y³ = z⁴ and H₂O, 10⁻³",
    "Ｆｕｌｌｗｉｄｔｈ ｌｅｔｔｅｒｓ １２３",
    "½ ¼ ™ ℃ № ℓ",
    # LaTeX
    r"$\sqrt{s} = 13\,\mathrm{TeV}$",
    r"\begin{equation} \mathcal{L} = -\frac{1}{4} F_{\mu\nu} F^{\mu\nu} + \bar\psi (i \gamma^\mu D_\mu - m) \psi \end{equation}",
    r"$E_T^{\text{miss}} > 250$ GeV and $|\eta| < 2.5$",
    r"\sigma(pp \to H + X) \approx 55\,\text{pb}",
    r"$\Lambda_{\overline{MS}}^{(5)} = 210 \pm 14$ MeV",
    # URLs, emails, ids
    "https://arxiv.org/abs/1503.07589v1",
    "See http://export.arxiv.org/oai2?verb=GetRecord&identifier=oai:arXiv.org:1601.03238&metadataPrefix=arXiv for details.",
    "Contact hep-help@cern.ch or visit https://home.cern/science/physics.",
    "arXiv:2502.21088 [hep-ex]",
    "hep-th/9711200",
    "physics/0112006v1",
    "doi:10.18429/JACoW-IPAC2018-WEPML008",
    "DOI 10.1140/epjc/s10052-016-4184-8",
    "ISBN 978-3-16-148410-0",
    # emoji and symbols
    "🚀 Launch the analysis! 🎉🎉",
    "Physics is fun 😀👍🏽 and so is ⚛️",
    "Family: 👨‍👩‍👧‍👦 flag: 🇨🇭",
    "Arrows → ← ↔ ⇒ and math ∫ ∑ ∏ √ ∞ ≈ ≠ ≤ ≥ ± ×",
    "Currency $100 €50 £30 ¥20 ₿1",
    "Symbols: § ¶ † ‡ • … ‰ ′ ″ « » „ “ ” ‘ ’",
    "Punctuation!!! ??? ... --- ___ *** ### @@@ ^^^ ~~~ ``` |||",
    "ASCII symbols $%&+<=>^`|~ are punctuation for BERT",
    # control and invisible characters
    "NUL\x00inside",
    "bell\x07and\x08backspace",
    "vertical\x0btab and form\x0cfeed",
    "escape \x1b[31mred\x1b[0m text",
    "zero\u200bwidth\u200cnon\u200djoiner",
    "word\u2060joiner\ufeffbom",
    "soft\u00adhyphen",
    "replacement \ufffd character",
    "no-break\u00a0space and thin\u2009space and ideographic\u3000space",
    "line\u2028separator and paragraph\u2029separator",
    "next\u0085line",
    "left-to-right\u200emark and right-to-left\u200fmark",
    "private use \ue000\uf8ff chars",
    "\x01\x02\x03",
    "\u200b\u200b\u200b",
    "tabs\tand\nnewlines\r\nmixed",
    # special-token strings in the text
    "[CLS] this text contains special tokens [SEP]",
    "masked [MASK] word and [UNK] and [PAD]",
    "glued[SEP]together",
    "[cls] lower-case is not special",
    # numbers and codes
    "3.14159265358979323846264338327950288419716939937510",
    "1,000,000 events at 13.6 TeV in 2022-2025",
    "pT > 25 GeV, |η| < 2.47, ΔR(ℓ, j) > 0.4",
    "C++ std::vector<double> v{1.0, 2.0}; // comment",
    "for (int i = 0; i < n; ++i) { sum += x[i] * y[i]; }",
    "SELECT * FROM chunks WHERE id = 42;",
    "{\"text\": \"json inside\", \"n\": [1, 2, 3]}",
    "user_name_with_underscores and CamelCaseWords and kebab-case-words",
    # long words
    "a" * 99,
    "b" * 100,
    "c" * 101,
    "Pneumonoultramicroscopicsilicovolcanoconiosis",
    "supercalifragilisticexpialidocious" * 4,
    "x" * 300 + " short words after",
    "Ω" * 101,
]


def long_texts(rng):
    """Texts well past 256 wordpieces, built from the sentences above."""
    out = []
    for count in (20, 30, 45, 60):
        out.append(" ".join(rng.choice(SENTENCES) for _ in range(count)))
    out.append(("The quark-gluon plasma 夸克胶子等离子体 is studied in heavy-ion collisions. ") * 40)
    out.append(" ".join(f"arXiv:{2100 + i}.{10000 + 37 * i}" for i in range(120)))
    return out


def main():
    rng = random.Random(20261129)
    texts = []
    texts.extend(SENTENCES)
    texts.extend(QUERIES)
    # Passages of 3-9 sentences (typical chunk sizes, 60-250 wordpieces).
    for _ in range(45):
        texts.append(" ".join(rng.sample(SENTENCES, rng.randint(3, 9))))
    texts.extend(EDGE_CASES)
    texts.extend(long_texts(rng))

    model = SentenceTransformer(MODEL, device="cpu")
    max_length = model.get_max_seq_length()
    features = model.tokenize(texts)
    ids = features["input_ids"]
    mask = features["attention_mask"]
    token_ids = [[int(t) for t, m in zip(row, mrow) if m] for row, mrow in zip(ids.tolist(), mask.tolist())]
    with torch.inference_mode():
        embeddings = model.encode(texts, batch_size=16, convert_to_numpy=True, normalize_embeddings=False)

    def round6(x):
        return float(f"{x:.6g}")

    cases = [
        {"text": t, "ids": i, "embedding": [round6(v) for v in e.tolist()]}
        for t, i, e in zip(texts, token_ids, embeddings)
    ]
    fixture = {
        "model": os.path.basename(os.path.normpath(MODEL)),
        "generator": "scripts/make_embedding_fixture.py",
        "reference": {
            "sentence_transformers": __import__("sentence_transformers").__version__,
            "transformers": __import__("transformers").__version__,
            "tokenizers": __import__("tokenizers").__version__,
            "torch": torch.__version__,
        },
        "max_seq_length": max_length,
        "dimension": int(embeddings.shape[1]),
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
