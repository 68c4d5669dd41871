// The web page's HTML (served at `GET /`). Plain HTML: every text is an English default that the script
// replaces from its string table (`data-i18n`), so the page reads before the script runs.
extension WebAssets {
    static let indexHTML = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HepChain</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/app.js"></script>
</head>
<body>
<a class="skip" href="#main" data-i18n="skip">Skip to content</a>
<header class="top">
  <h1>HepChain</h1>
  <nav class="tabs" role="tablist" aria-label="Sections">
    <button role="tab" id="tab-ask" aria-controls="panel-ask" aria-selected="true" data-i18n="tabAsk">Ask</button>
    <button role="tab" id="tab-library" aria-controls="panel-library" aria-selected="false" tabindex="-1" data-i18n="tabLibrary">Library</button>
    <button role="tab" id="tab-load" aria-controls="panel-load" aria-selected="false" tabindex="-1" data-i18n="tabLoad">Load</button>
    <button role="tab" id="tab-fission" aria-controls="panel-fission" aria-selected="false" tabindex="-1" data-i18n="tabFission">Seed fission</button>
  </nav>
  <div class="settings">
    <label><span data-i18n="collection">Collection</span> <select id="collection"><option value="default">default</option></select></label>
    <label><span data-i18n="language">Language</span> <select id="language"><option value="en">English</option><option value="zh">中文</option></select></label>
    <button type="button" id="key-button" data-i18n="apiKey">API key</button>
  </div>
</header>
<p id="banner" class="banner" role="alert" hidden></p>
<main id="main">
  <section id="panel-ask" role="tabpanel" aria-labelledby="tab-ask" class="panel ask">
    <div class="chat">
      <ol id="messages" class="messages" aria-live="polite" aria-relevant="additions"></ol>
      <form id="ask-form" class="ask-form">
        <label for="question" class="visually-hidden" data-i18n="question">Question</label>
        <textarea id="question" rows="2" required data-i18n-placeholder="questionHint" placeholder="Ask about the documents (Enter sends, Shift+Enter for a new line)"></textarea>
        <div class="row">
          <button type="submit" id="ask-button" data-i18n="send">Ask</button>
          <button type="button" id="new-chat" class="secondary" data-i18n="newChat">New chat</button>
        </div>
      </form>
    </div>
    <aside class="sources" aria-labelledby="sources-title">
      <h2 id="sources-title" data-i18n="sources">Sources</h2>
      <p id="sources-empty" class="muted" data-i18n="sourcesEmpty">The sources of the answer appear here.</p>
      <ol id="source-list" class="source-list"></ol>
    </aside>
  </section>

  <section id="panel-library" role="tabpanel" aria-labelledby="tab-library" class="panel" hidden>
    <h2 data-i18n="collections">Collections</h2>
    <table class="table" id="collections-table">
      <thead><tr><th data-i18n="name">Name</th><th data-i18n="documents">Documents</th><th data-i18n="chunks">Chunks</th><th><span class="visually-hidden" data-i18n="actions">Actions</span></th></tr></thead>
      <tbody></tbody>
    </table>
    <form id="new-collection-form" class="inline-form">
      <label><span data-i18n="newCollection">New collection</span> <input id="new-collection" pattern="[A-Za-z0-9_\-]+" required></label>
      <button type="submit" data-i18n="create">Create</button>
    </form>
    <h2><span data-i18n="documentsIn">Documents in</span> <span id="library-collection"></span></h2>
    <div class="table-wrap">
    <table class="table" id="documents-table">
      <thead><tr><th data-i18n="title">Title</th><th data-i18n="format">Format</th><th data-i18n="pagesColumn">Pages</th><th data-i18n="chunks">Chunks</th><th data-i18n="added">Added</th><th><span class="visually-hidden" data-i18n="actions">Actions</span></th></tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <h2 data-i18n="search">Search</h2>
    <form id="search-form" class="inline-form">
      <label><span data-i18n="query">Query</span> <input id="search-query" type="search" required></label>
      <label><span data-i18n="mode">Mode</span> <select id="search-mode"><option value="hybrid" data-i18n="hybrid">hybrid</option><option value="dense" data-i18n="dense">dense</option><option value="bm25">BM25</option></select></label>
      <label>k <input id="search-k" type="number" min="1" max="100" value="10"></label>
      <button type="submit" data-i18n="search">Search</button>
    </form>
    <ol id="search-results" class="results" aria-live="polite"></ol>
  </section>

  <section id="panel-load" role="tabpanel" aria-labelledby="tab-load" class="panel" hidden>
    <h2 data-i18n="loadTitle">Load documents</h2>
    <label id="dropzone" class="dropzone" for="file-input">
      <span data-i18n="dropHint">Drop PDF, HTML, LaTeX e-print (.tar.gz) or text files here, or choose them</span>
      <input id="file-input" type="file" multiple accept=".pdf,.html,.htm,.tex,.gz,.tgz,.tar,.txt,.md,application/pdf,text/html,text/plain,application/gzip">
    </label>
    <form id="url-form" class="inline-form">
      <label><span data-i18n="urlLabel">URL or arXiv id</span> <input id="url-input" required placeholder="2303.12712 · https://…"></label>
      <button type="submit" data-i18n="load">Load</button>
    </form>
    <h2 data-i18n="jobs">Jobs</h2>
    <ol id="jobs" class="jobs" aria-live="polite"></ol>
  </section>

  <section id="panel-fission" role="tabpanel" aria-labelledby="tab-fission" class="panel" hidden>
    <h2 data-i18n="fissionTitle">Seed fission</h2>
    <p class="muted" data-i18n="fissionHint">Grows grounded question–answer pairs from a topic over the collection.</p>
    <form id="fission-form" class="inline-form">
      <label><span data-i18n="topic">Topic</span> <input id="fission-topic" required></label>
      <label><span data-i18n="count">Pairs</span> <input id="fission-count" type="number" min="1" max="200" value="10"></label>
      <button type="submit" data-i18n="start">Start</button>
    </form>
    <ol id="fission-runs" class="runs"></ol>
    <ol id="fission-pairs" class="pairs" aria-live="polite"></ol>
  </section>
</main>

<dialog id="key-dialog" aria-labelledby="key-title">
  <form method="dialog" id="key-form">
    <h2 id="key-title" data-i18n="keyTitle">API key</h2>
    <p id="key-message" data-i18n="keyNeeded">This server needs an API key.</p>
    <label><span data-i18n="apiKey">API key</span> <input id="key-input" type="password" autocomplete="off"></label>
    <div class="row"><button value="save" data-i18n="save">Save</button><button value="cancel" class="secondary" formnovalidate data-i18n="cancel">Cancel</button></div>
  </form>
</dialog>
<dialog id="confirm-dialog" aria-labelledby="confirm-text">
  <form method="dialog">
    <p id="confirm-text"></p>
    <div class="row"><button value="yes" id="confirm-yes" data-i18n="delete">Delete</button><button value="no" class="secondary" data-i18n="cancel">Cancel</button></div>
  </form>
</dialog>
</body>
</html>
"""#
}
