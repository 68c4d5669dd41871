// The web page's style sheet (`/assets/app.css`): system fonts only, laptop and phone widths.
extension WebAssets {
    static let appCSS = #"""
:root { --fg: #1b1f24; --muted: #5b6470; --bg: #fafbfc; --panel: #fff; --line: #d8dde3; --accent: #1f5fbf;
  --accent-fg: #fff; --warn: #8a5a00; --warn-bg: #fff6e0; --err: #a61b1b; --err-bg: #fdecec; --mark: #fff1a8;
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif; color: var(--fg);
  background: var(--bg); line-height: 1.5; }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
h1 { font-size: 1.25rem; margin: 0; }
h2 { font-size: 1.05rem; margin: 1rem 0 .5rem; }
button, input, select, textarea { font: inherit; }
button { background: var(--accent); color: var(--accent-fg); border: 1px solid var(--accent); border-radius: 6px;
  padding: .35rem .8rem; cursor: pointer; }
button.secondary { background: transparent; color: var(--accent); }
button.danger { background: transparent; color: var(--err); border-color: var(--err); }
button:disabled { opacity: .55; cursor: default; }
input, select, textarea { border: 1px solid var(--line); border-radius: 6px; padding: .3rem .5rem; background: #fff; color: var(--fg); }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
a { color: var(--accent); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: .5rem; top: .5rem; background: #fff; padding: .3rem; z-index: 10; }
.muted { color: var(--muted); }
.row { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
.top { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .6rem 1rem;
  border-bottom: 1px solid var(--line); background: var(--panel); }
.tabs { display: flex; gap: .25rem; flex-wrap: wrap; }
.tabs [role=tab] { background: transparent; color: var(--fg); border-color: transparent; }
.tabs [role=tab][aria-selected=true] { border-color: var(--accent); color: var(--accent); font-weight: 600; }
.settings { display: flex; gap: .75rem; flex-wrap: wrap; align-items: center; margin-left: auto; }
.banner { margin: 0; padding: .5rem 1rem; background: var(--err-bg); color: var(--err); }
main { flex: 1; padding: 1rem; width: 100%; max-width: 1400px; margin: 0 auto; }
.panel.ask { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; height: calc(100vh - 6rem); min-height: 420px; }
.panel.ask[hidden] { display: none; }
.chat { display: flex; flex-direction: column; min-height: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
.messages { list-style: none; margin: 0; padding: 1rem; overflow-y: auto; flex: 1; scrollbar-gutter: stable; overflow-anchor: auto; }
.message { margin: 0 0 1rem; }
.message .who { font-size: .8rem; color: var(--muted); }
.message.user .body { background: #eef3fb; border-radius: 8px; padding: .5rem .75rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.message.assistant .body { white-space: pre-wrap; overflow-wrap: anywhere; min-height: 1.5em; }
.message.assistant.streaming .body::after { content: "▍"; color: var(--muted); }
.message .status { font-size: .85rem; color: var(--muted); min-height: 1.3em; }
.message.abstained .body { color: var(--warn); background: var(--warn-bg); border-radius: 8px; padding: .5rem .75rem; }
.message .error { color: var(--err); background: var(--err-bg); border-radius: 8px; padding: .5rem .75rem; }
.trace { font-size: .85rem; color: var(--muted); }
.trace ul { margin: .25rem 0; padding-left: 1.2rem; overflow-wrap: anywhere; }
.cite { text-decoration: none; font-weight: 600; padding: 0 .1rem; }
.ask-form { border-top: 1px solid var(--line); padding: .75rem; display: flex; flex-direction: column; gap: .5rem; }
.ask-form textarea { width: 100%; resize: vertical; }
.sources { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 0 1rem 1rem; overflow-y: auto; min-height: 0; }
.source-list { padding-left: 0; list-style: none; margin: 0; }
.source { border-top: 1px solid var(--line); padding: .6rem 0; }
.source.focused { background: #f3f7ff; }
.source .marker { font-weight: 700; margin-right: .3rem; }
.source .meta { font-size: .85rem; color: var(--muted); }
.source blockquote { margin: .4rem 0 0; padding-left: .6rem; border-left: 3px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: var(--mark); color: inherit; }
.table-wrap { overflow-x: auto; }
.table { border-collapse: collapse; width: 100%; background: var(--panel); }
.table th, .table td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.table tr.selected { background: #eef3fb; }
.inline-form { display: flex; gap: .5rem; flex-wrap: wrap; align-items: end; margin: .5rem 0; }
.results, .jobs, .runs, .pairs { padding-left: 1.2rem; }
.results li, .pairs li { margin-bottom: .75rem; overflow-wrap: anywhere; }
.results .text { white-space: pre-wrap; font-size: .92rem; }
.dropzone { display: flex; flex-direction: column; gap: .5rem; align-items: center; justify-content: center; min-height: 8rem;
  border: 2px dashed var(--line); border-radius: 10px; padding: 1rem; text-align: center; background: var(--panel); cursor: pointer; }
.dropzone.over { border-color: var(--accent); background: #eef3fb; }
.job { margin-bottom: .6rem; }
.job progress { width: min(28rem, 100%); display: block; height: .9rem; }
.job .state { font-size: .9rem; }
.job.failed .state { color: var(--err); }
.job.done .state { color: #1d6b2f; }
dialog { border: 1px solid var(--line); border-radius: 10px; max-width: 28rem; width: calc(100% - 2rem); }
dialog::backdrop { background: rgba(0, 0, 0, .3); }
@media (max-width: 800px) {
  .panel.ask { grid-template-columns: 1fr; height: auto; }
  .messages { max-height: 60vh; min-height: 40vh; }
  .settings { margin-left: 0; }
  main { padding: .5rem; }
}
"""#
}
