// The web page's script (`/assets/app.js`, an ES module). It never inserts text as HTML: server and user
// text goes in through text nodes and attributes it builds, so documents and answers with `<`, `&` or TeX
// stay text.
extension WebAssets {
    static let appJS = #"""
// HepChain web page. Every piece of text from the server or the user goes into the page as text
// (textContent, text nodes, attributes we build), never as HTML.
// Every string of the page in each language of LANGUAGES, in that order: key: [English, Chinese].
const LANGUAGES = ['en', 'zh'];
const STRINGS = {
  skip: ['Skip to content', '跳到内容'],
  tabAsk: ['Ask', '提问'],
  tabLibrary: ['Library', '文献库'],
  tabLoad: ['Load', '载入'],
  tabFission: ['Seed fission', '种子裂变'],
  collection: ['Collection', '集合'],
  language: ['Language', '语言'],
  apiKey: ['API key', 'API 密钥'],
  question: ['Question', '问题'],
  questionHint: ['Ask about the documents (Enter sends, Shift+Enter for a new line)', '就文献提问（Enter 发送，Shift+Enter 换行）'],
  send: ['Ask', '提问'],
  newChat: ['New chat', '新对话'],
  sources: ['Sources', '来源'],
  sourcesEmpty: ['The sources of the answer appear here.', '答案的来源显示在这里。'],
  collections: ['Collections', '集合'],
  name: ['Name', '名称'],
  documents: ['Documents', '文献'],
  chunks: ['Chunks', '片段'],
  pagesColumn: ['Pages', '页数'],
  actions: ['Actions', '操作'],
  newCollection: ['New collection', '新集合'],
  create: ['Create', '创建'],
  documentsIn: ['Documents in', '集合中的文献：'],
  title: ['Title', '标题'],
  format: ['Format', '格式'],
  added: ['Added', '加入时间'],
  search: ['Search', '检索'],
  query: ['Query', '查询'],
  mode: ['Mode', '模式'],
  hybrid: ['hybrid', '混合'],
  dense: ['dense', '向量'],
  loadTitle: ['Load documents', '载入文献'],
  dropHint: ['Drop PDF, HTML, LaTeX e-print (.tar.gz) or text files here, or choose them', '把 PDF、HTML、LaTeX 源码包（.tar.gz）或文本文件拖到这里，或点击选择'],
  urlLabel: ['URL or arXiv id', 'URL 或 arXiv 编号'],
  load: ['Load', '载入'],
  jobs: ['Jobs', '任务'],
  fissionTitle: ['Seed fission', '种子裂变'],
  fissionHint: ['Grows grounded question–answer pairs from a topic over the collection.', '从一个主题出发，在集合上生成有出处的问答对。'],
  topic: ['Topic', '主题'],
  count: ['Pairs', '问答对数'],
  start: ['Start', '开始'],
  keyTitle: ['API key', 'API 密钥'],
  keyNeeded: ['This server needs an API key. It is kept for this tab only.', '此服务器需要 API 密钥，仅在本标签页中保存。'],
  keyWrong: ['The API key was refused by the server. Enter another one.', '服务器拒绝了这个 API 密钥，请输入另一个。'],
  save: ['Save', '保存'],
  cancel: ['Cancel', '取消'],
  delete: ['Delete', '删除'],
  you: ['You', '你'],
  assistant: ['HepChain', 'HepChain'],
  thinking: ['Searching the documents…', '正在检索文献…'],
  abstained: ['Abstained: the documents do not answer this.', '未作答：文献中没有这个问题的答案。'],
  failed: ['Failed', '失败'],
  section: ['section', '章节'],
  confirmDoc: ['Delete the document “{0}”?', '删除文献“{0}”？'],
  confirmCollection: ['Delete the collection “{0}” and all its documents?', '删除集合“{0}”及其全部文献？'],
  uploading: ['Uploading…', '上传中…'],
  indexing: ['Indexing…', '建立索引中…'],
  indexed: ['Indexed: {0} chunks', '已索引：{0} 个片段'],
  unchanged: ['Already stored', '已存在'],
  replaced: ['Replaced an older copy', '已替换旧版本'],
  olderVersion: ['A newer version is stored', '已存有更新的版本'],
  jobProgress: ['{0} of {1} done', '已完成 {0} / {1}'],
  noResults: ['Nothing found.', '没有找到结果。'],
  score: ['score', '得分'],
  running: ['running', '进行中'],
  done: ['done', '完成'],
  pairsOf: ['Pairs of “{0}”', '“{0}”的问答对'],
  noDocuments: ['No documents yet: load some in the Load tab.', '还没有文献：请在“载入”页添加。'],
  firstToken: ['first token {0} ms', '首个词元 {0} 毫秒'],
  networkError: ['The server could not be reached: {0}', '无法连接服务器：{0}'],
  trace: ['How this answer was made', '答案的生成过程'],
};

const $ = (id) => document.getElementById(id);
const state = {
  lang: 'en', key: sessionStorage.getItem('hepchain.key') || '', collection: 'default', history: [],
  turn: 0, docCache: new Map(), timings: [],
};
window.hepchain = state; // read by the browser tests (timings) and handy in the console

function t(key, ...args) {
  const entry = STRINGS[key];
  let text = entry ? (entry[LANGUAGES.indexOf(state.lang)] ?? entry[0]) : key;
  args.forEach((value, i) => { text = text.replace(`{${i}}`, String(value)); });
  return text;
}

/** Builds an element; children are nodes or strings (strings become text nodes). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

// MARK: - Language

function chooseLanguage() {
  const saved = localStorage.getItem('hepchain.lang');
  if (LANGUAGES.includes(saved)) return saved;
  const preferred = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
  return preferred.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function applyLanguage() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  $('language').value = state.lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
}

// MARK: - Server calls

class APIError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

function authHeaders(headers = {}) {
  return state.key ? { ...headers, Authorization: `Bearer ${state.key}` } : headers;
}

/** The server's reason for a failed response: its JSON error message, else the status line. */
async function errorOf(response) {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) message = body.error.message;
  } catch (_) { /* not JSON */ }
  return new APIError(response.status, message);
}

/** fetch with the key; a 401 asks for a key (saying so when the one sent was refused) and tries again. */
async function api(path, options = {}) {
  for (let attempt = 0; ; attempt++) {
    let response;
    const sentKey = state.key;
    try {
      response = await fetch(path, { ...options, headers: authHeaders(options.headers || {}) });
    } catch (error) {
      throw new APIError(0, t('networkError', error.message));
    }
    // A refusal of a key the user has replaced meanwhile is retried with the new key, not asked about again.
    if (response.status === 401 && attempt < 5 && (state.key !== sentKey || (await askForKey(Boolean(state.key))))) continue;
    if (!response.ok) throw await errorOf(response);
    return response;
  }
}

async function json(path, options) { return (await api(path, options)).json(); }

function postJSON(path, body) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

let pendingKey = null;

/** Shows the key dialog (once, however many requests were refused); resolves true when a key was entered. */
function askForKey(wrong) {
  if (pendingKey) return pendingKey;
  const dialog = $('key-dialog');
  $('key-message').textContent = t(wrong ? 'keyWrong' : 'keyNeeded');
  $('key-message').className = wrong ? 'error' : '';
  $('key-input').value = '';
  pendingKey = new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      pendingKey = null;
      const value = $('key-input').value.trim();
      if (dialog.returnValue === 'save' && value) {
        state.key = value;
        sessionStorage.setItem('hepchain.key', value);
        resolve(true);
      } else resolve(false);
    }, { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    $('key-input').focus();
  });
  return pendingKey;
}

function showBanner(message) {
  const banner = $('banner');
  banner.textContent = message;
  banner.hidden = !message;
}

function confirmAction(text) {
  const dialog = $('confirm-dialog');
  $('confirm-text').textContent = text;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

// MARK: - Tabs

function selectTab(tab, focus = false) {
  for (const other of document.querySelectorAll('[role=tab]')) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute('aria-controls')).hidden = !selected;
  }
  if (focus) tab.focus();
  if (tab.id === 'tab-library') refreshLibrary();
  if (tab.id === 'tab-fission') refreshFissionRuns();
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => selectTab(tab));
    tab.addEventListener('keydown', (event) => {
      const index = tabs.indexOf(tab);
      let next = null;
      if (event.key === 'ArrowRight') next = tabs[(index + 1) % tabs.length];
      if (event.key === 'ArrowLeft') next = tabs[(index - 1 + tabs.length) % tabs.length];
      if (event.key === 'Home') next = tabs[0];
      if (event.key === 'End') next = tabs[tabs.length - 1];
      if (next) { event.preventDefault(); selectTab(next, true); }
    });
  }
}

// MARK: - Collections

async function refreshCollections() {
  const select = $('collection');
  try {
    const { collections } = await json('/v1/collections');
    const names = collections.map((c) => c.name);
    if (!names.includes(state.collection)) names.unshift(state.collection);
    select.replaceChildren(...names.map((name) => el('option', { value: name, text: name })));
    select.value = state.collection;
    showBanner('');
    return collections;
  } catch (error) {
    showBanner(error.message);
    return [];
  }
}

// MARK: - Citations and originals

function originalURL(documentId, page) {
  const base = `/v1/documents/${encodeURIComponent(documentId)}/original?collection=${encodeURIComponent(state.collection)}`;
  return page ? `${base}#page=${page}` : base;
}

/** Opens an original in a new tab; with a key, through a blob URL (a link cannot carry the header). */
async function openOriginal(event, documentId, page) {
  if (!state.key) return; // the plain link works
  event.preventDefault();
  const opened = window.open('', '_blank');
  try {
    const blob = await (await api(originalURL(documentId))).blob();
    const url = URL.createObjectURL(blob) + (page ? `#page=${page}` : '');
    if (opened) opened.location = url; else window.location.assign(url);
  } catch (error) {
    if (opened) opened.close();
    showBanner(error.message);
  }
}

function arxivLink(arxivId) {
  if (!arxivId || !/^[A-Za-z0-9.\/-]+$/.test(arxivId)) return null;
  return el('a', { href: `https://arxiv.org/abs/${arxivId}`, target: '_blank', rel: 'noopener noreferrer' }, `arXiv:${arxivId}`);
}

async function documentSummary(documentId) {
  const key = `${state.collection}\u0000${documentId}`;
  if (!state.docCache.has(key)) {
    state.docCache.set(key, json(`/v1/documents/${encodeURIComponent(documentId)}?collection=${encodeURIComponent(state.collection)}`).catch(() => null));
  }
  return state.docCache.get(key);
}

function pageLabel(citation) {
  const range = citation.pageEnd && citation.pageEnd !== citation.pageStart
    ? `${citation.pageStart}–${citation.pageEnd}` : `${citation.pageStart}`;
  if (state.lang === 'zh') return `第 ${range} 页`;
  return `${range.includes('–') ? 'pages' : 'page'} ${range}`;
}

function renderSources(turn, citations) {
  const list = $('source-list');
  list.replaceChildren();
  $('sources-empty').hidden = citations.length > 0;
  for (const citation of citations) {
    const id = `source-${turn}-${citation.marker}`;
    const authors = el('span', { class: 'authors' });
    const title = el('a', {
      href: originalURL(citation.documentId, citation.pageStart), target: '_blank', rel: 'noopener',
      class: 'source-title', onclick: (event) => openOriginal(event, citation.documentId, citation.pageStart),
    }, citation.title || citation.source);
    const meta = el('div', { class: 'meta' },
      pageLabel(citation), citation.section ? ` · ${t('section')}: ${citation.section}` : '', ' ',
      authors, ' ', arxivLink(citation.arxivId) || '');
    const quote = citation.quote ? el('blockquote', {}, el('mark', {}, citation.quote)) : null;
    list.append(el('li', { id, class: 'source', tabindex: '-1', 'data-marker': citation.marker },
      el('span', { class: 'marker' }, `[${citation.marker}]`), title, meta, quote));
    documentSummary(citation.documentId).then((doc) => {
      if (doc && doc.authors && doc.authors.length) {
        const names = doc.authors.length > 4 ? `${doc.authors.slice(0, 3).join(', ')} et al.` : doc.authors.join(', ');
        authors.textContent = `· ${names} `;
      }
    });
  }
}

function focusSource(turn, marker) {
  const item = document.getElementById(`source-${turn}-${marker}`);
  if (!item) return;
  for (const other of document.querySelectorAll('.source.focused')) other.classList.remove('focused');
  item.classList.add('focused');
  item.scrollIntoView({ block: 'nearest' });
  item.focus({ preventScroll: true });
}

/** The answer text with each [n] as a link to its source (text nodes and anchors only). */
function answerNodes(text, turn, citations) {
  const byMarker = new Map(citations.map((c) => [c.marker, c]));
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    const marker = Number(match[1]);
    const citation = byMarker.get(marker);
    if (!citation) continue;
    nodes.push(document.createTextNode(text.slice(last, match.index)));
    nodes.push(el('a', {
      href: originalURL(citation.documentId, citation.pageStart), class: 'cite', target: '_blank', rel: 'noopener',
      'data-marker': marker, title: `${citation.title || citation.source} · ${pageLabel(citation)}`,
      onclick: (event) => { focusSource(turn, marker); openOriginal(event, citation.documentId, citation.pageStart); },
      onfocus: () => focusSource(turn, marker),
    }, match[0]));
    last = match.index + match[0].length;
  }
  nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

// MARK: - Ask

/** "How this answer was made": each chain step with its time and details (the condensed question among them). */
function traceDetails(trace) {
  return el('details', { class: 'trace' }, el('summary', {}, t('trace')),
    el('ul', {}, ...trace.map((step) => el('li', { 'data-step': step.step },
      `${step.step} · ${Math.round(step.ms)} ms`,
      Object.keys(step.details || {}).length
        ? ` · ${Object.entries(step.details).map(([k, v]) => `${k}: ${v}`).join('; ')}` : ''))));
}

/** Reads Server-Sent Events from a fetch response, calling onEvent(name, data) for each. */
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}

async function ask(question, submittedAt) {
  const turn = ++state.turn;
  const messages = $('messages');
  messages.append(el('li', { class: 'message user' }, el('div', { class: 'who' }, t('you')), el('div', { class: 'body' }, question)));
  const body = el('div', { class: 'body' });
  const status = el('div', { class: 'status' }, t('thinking'));
  const item = el('li', { class: 'message assistant streaming', 'data-turn': turn, 'aria-busy': 'true' },
    el('div', { class: 'who' }, t('assistant')), body, status);
  messages.append(item);
  item.scrollIntoView({ block: 'end' });
  const textNode = document.createTextNode('');
  body.append(textNode);
  const history = state.history.slice();
  const timing = { submittedAt, firstToken: null, done: null, tokens: 0 };
  state.timings.push(timing);
  let streamed = '';
  let finished = false;
  try {
    const response = await postJSON('/v1/ask', { question, collection: state.collection, history, stream: true });
    await readEvents(response, (name, data) => {
      if (name === 'token') {
        streamed += data.text;
        textNode.data = streamed;
        timing.tokens += 1;
        if (timing.firstToken === null) {
          timing.firstToken = -1;
          requestAnimationFrame(() => {
            timing.firstToken = performance.now() - submittedAt;
            if (!item.dataset.abstained) status.textContent = t('firstToken', Math.round(timing.firstToken));
          });
        }
        if (messages.scrollHeight - messages.scrollTop - messages.clientHeight < 80) messages.scrollTop = messages.scrollHeight;
      } else if (name === 'done') {
        finished = true;
        timing.done = performance.now() - submittedAt;
        const citations = data.citations || [];
        body.replaceChildren(...answerNodes(data.answer, turn, citations));
        if (data.abstained) {
          item.classList.add('abstained');
          item.dataset.abstained = 'true';
          status.textContent = t('abstained');
        }
        renderSources(turn, citations);
        item.append(traceDetails(data.trace || []));
        state.history.push({ role: 'user', content: question }, { role: 'assistant', content: data.answer });
      } else if (name === 'error') {
        throw new APIError(500, data.message);
      }
    });
    if (!finished && !item.querySelector('.error')) throw new APIError(0, t('failed'));
  } catch (error) {
    item.append(el('div', { class: 'error', role: 'alert' }, `${t('failed')}: ${error.message}`));
  } finally {
    item.classList.remove('streaming');
    item.removeAttribute('aria-busy');
  }
}

function setUpAsk() {
  const form = $('ask-form');
  const input = $('question');
  let busy = false;
  const submit = async () => {
    const submittedAt = performance.now();
    const question = input.value.trim();
    if (!question || busy) return;
    busy = true;
    $('ask-button').disabled = true;
    input.value = '';
    try { await ask(question, submittedAt); } finally {
      busy = false;
      $('ask-button').disabled = false;
      input.focus();
    }
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); submit(); });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); submit(); }
  });
  $('new-chat').addEventListener('click', () => {
    state.history = [];
    $('messages').replaceChildren();
    $('source-list').replaceChildren();
    $('sources-empty').hidden = false;
    input.focus();
  });
}

// MARK: - Library

function formatDate(text) {
  if (!text) return '';
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en');
}

async function refreshLibrary() {
  const collections = await refreshCollections();
  const tbody = $('collections-table').querySelector('tbody');
  tbody.replaceChildren(...collections.map((c) => el('tr', { class: c.name === state.collection ? 'selected' : '' },
    el('td', {}, el('button', { type: 'button', class: 'secondary', onclick: () => switchCollection(c.name) }, c.name)),
    el('td', {}, String(c.documents)), el('td', {}, String(c.chunks)),
    el('td', {}, el('button', {
      type: 'button', class: 'danger', 'aria-label': `${t('delete')} ${c.name}`,
      onclick: async () => {
        if (!(await confirmAction(t('confirmCollection', c.name)))) return;
        try {
          await api(`/v1/collections/${encodeURIComponent(c.name)}`, { method: 'DELETE' });
          if (state.collection === c.name) state.collection = 'default';
          refreshLibrary();
        } catch (error) { showBanner(error.message); }
      },
    }, t('delete'))))));
  $('library-collection').textContent = state.collection;
  await refreshDocuments();
}

async function refreshDocuments() {
  const tbody = $('documents-table').querySelector('tbody');
  let documents = [];
  try {
    documents = (await json(`/v1/documents?collection=${encodeURIComponent(state.collection)}`)).documents;
  } catch (error) {
    tbody.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'error' }, error.message)));
    return;
  }
  if (!documents.length) {
    tbody.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, t('noDocuments'))));
    return;
  }
  tbody.replaceChildren(...documents.map((doc, index) => {
    const title = doc.title || doc.source;
    const titleCell = el('td', {},
      doc.hasOriginal
        ? el('a', { href: originalURL(doc.id), target: '_blank', rel: 'noopener', onclick: (event) => openOriginal(event, doc.id) }, title)
        : el('span', {}, title),
      doc.authors && doc.authors.length ? el('div', { class: 'meta muted' }, doc.authors.slice(0, 4).join(', ')) : null,
      doc.arxivId ? el('div', { class: 'meta' }, arxivLink(doc.arxivId)) : null);
    const pages = el('td', { class: 'pages' });
    if (index < 200) documentSummary(doc.id).then((full) => { if (full && full.pages) pages.textContent = String(full.pages); });
    return el('tr', { 'data-id': doc.id }, titleCell, el('td', {}, doc.format), pages, el('td', {}, String(doc.chunks)),
      el('td', {}, formatDate(doc.addedAt)),
      el('td', {}, el('button', {
        type: 'button', class: 'danger', 'aria-label': `${t('delete')} ${title}`,
        onclick: async () => {
          if (!(await confirmAction(t('confirmDoc', title)))) return;
          try {
            await api(`/v1/documents/${encodeURIComponent(doc.id)}?collection=${encodeURIComponent(state.collection)}`, { method: 'DELETE' });
            refreshLibrary();
          } catch (error) { showBanner(error.message); }
        },
      }, t('delete'))));
  }));
}

function switchCollection(name) {
  state.collection = name;
  $('collection').value = name;
  state.history = [];
  refreshLibrary();
}

function setUpLibrary() {
  $('collection').addEventListener('change', (event) => switchCollection(event.target.value));
  $('new-collection-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = $('new-collection').value.trim();
    try {
      await postJSON('/v1/collections', { name });
      $('new-collection').value = '';
      switchCollection(name);
    } catch (error) { showBanner(error.message); }
  });
  $('search-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const results = $('search-results');
    results.replaceChildren();
    try {
      const response = await (await postJSON('/v1/search', {
        query: $('search-query').value, mode: $('search-mode').value, k: Number($('search-k').value),
        collection: state.collection,
      })).json();
      if (!response.hits.length) results.append(el('li', { class: 'muted' }, t('noResults')));
      for (const hit of response.hits) {
        const c = hit.citation;
        results.append(el('li', { class: 'hit', 'data-document': c.documentId },
          el('a', { href: originalURL(c.documentId, c.pageStart), target: '_blank', rel: 'noopener',
            onclick: (e) => openOriginal(e, c.documentId, c.pageStart) }, c.title || c.source),
          el('div', { class: 'meta muted' }, `${pageLabel(c)}${c.section ? ` · ${c.section}` : ''} · ${t('score')} ${hit.score.toFixed(3)}`),
          el('div', { class: 'text' }, hit.text.length > 600 ? `${hit.text.slice(0, 600)}…` : hit.text)));
      }
    } catch (error) {
      results.append(el('li', { class: 'error', role: 'alert' }, error.message));
    }
  });
}

// MARK: - Load

function jobItem(name) {
  const progress = el('progress', { max: '100', 'aria-label': name });
  const stateText = el('div', { class: 'state' }, t('uploading'));
  const item = el('li', { class: 'job running' }, el('div', { class: 'name' }, name), progress, stateText);
  $('jobs').prepend(item);
  return {
    item,
    progress(value, max = 100) { progress.max = max; progress.value = value; },
    indeterminate() { progress.removeAttribute('value'); },
    text(message) { stateText.textContent = message; },
    finish(ok, message) {
      item.classList.remove('running');
      item.classList.add(ok ? 'done' : 'failed');
      item.dataset.state = ok ? 'done' : 'failed';
      if (ok) { progress.max = 100; progress.value = 100; }
      stateText.textContent = message;
      if (!ok) stateText.setAttribute('role', 'alert');
    },
  };
}

function outcomeText(outcome) {
  if (outcome.status === 'failed') return `${t('failed')}: ${outcome.error || ''}`;
  if (outcome.status === 'added') return t('indexed', outcome.document ? outcome.document.chunks : '?');
  return t(outcome.status) || outcome.status;
}

/** Follows /v1/jobs/:id until every source is done. */
async function followJob(job, id) {
  for (;;) {
    const status = await json(`/v1/jobs/${encodeURIComponent(id)}`);
    job.progress(status.done, Math.max(1, status.total));
    job.text(t('jobProgress', status.done, status.total));
    if (status.done >= status.total) {
      const outcomes = status.outcomes || [];
      const failures = outcomes.filter((o) => o.status === 'failed');
      job.finish(failures.length === 0, outcomes.map(outcomeText).join(' · ') || t('done'));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

async function handleAccepted(job, response) {
  const body = await response.json();
  if (response.status === 202 && body.id) return followJob(job, body.id);
  job.finish(body.status !== 'failed', outcomeText(body));
  state.docCache.clear();
}

/** Uploads one file with upload progress (XMLHttpRequest reports it; fetch does not). */
function uploadFile(file) {
  const job = jobItem(file.name);
  const send = (retried) => {
    const sentKey = state.key;
    const request = new XMLHttpRequest();
    request.open('POST', `/v1/documents?collection=${encodeURIComponent(state.collection)}&filename=${encodeURIComponent(file.name)}`);
    for (const [name, value] of Object.entries(authHeaders())) request.setRequestHeader(name, value);
    request.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) job.progress(event.loaded, event.total);
    });
    request.upload.addEventListener('load', () => { job.indeterminate(); job.text(t('indexing')); });
    request.addEventListener('load', async () => {
      if (request.status === 401 && !retried && (state.key !== sentKey || (await askForKey(Boolean(state.key))))) return send(true);
      const response = new Response(request.responseText, { status: request.status, statusText: request.statusText });
      if (request.status === 201 || request.status === 202) {
        try { await handleAccepted(job, response); } catch (error) { job.finish(false, `${t('failed')}: ${error.message}`); }
      } else {
        job.finish(false, `${t('failed')}: ${(await errorOf(response)).message}`);
      }
    });
    request.addEventListener('error', () => job.finish(false, t('networkError', file.name)));
    request.send(file);
  };
  send(false);
}

async function loadLocation(value) {
  const job = jobItem(value);
  job.indeterminate();
  job.text(t('indexing'));
  const arxiv = /^(arxiv:)?(\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?\/\d{7}(v\d+)?)$/i.exec(value);
  const body = arxiv ? { arxiv: arxiv[2], collection: state.collection } : { url: value, collection: state.collection };
  try {
    await handleAccepted(job, await postJSON(`/v1/documents?collection=${encodeURIComponent(state.collection)}`, body));
  } catch (error) {
    job.finish(false, `${t('failed')}: ${error.message}`);
  }
}

function setUpLoad() {
  const zone = $('dropzone');
  const input = $('file-input');
  input.addEventListener('change', () => { [...input.files].forEach(uploadFile); input.value = ''; });
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    [...event.dataTransfer.files].forEach(uploadFile);
  });
  $('url-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('url-input').value.trim();
    if (!value) return;
    $('url-input').value = '';
    loadLocation(value);
  });
}

// MARK: - Seed fission

async function refreshFissionRuns() {
  const list = $('fission-runs');
  try {
    const { runs } = await json('/v1/fission');
    list.replaceChildren(...runs.map((run) => el('li', {},
      el('button', { type: 'button', class: 'secondary', onclick: () => showFissionRun(run.id) },
        `${run.topic} · ${run.collection} · ${run.pairs}/${run.count} · ${t(run.status) || run.status}`),
      run.error ? el('span', { class: 'error' }, ` ${run.error}`) : null)));
  } catch (error) {
    list.replaceChildren(el('li', { class: 'error' }, error.message));
  }
}

async function showFissionRun(id, follow = false) {
  const pairs = $('fission-pairs');
  for (;;) {
    let run;
    try { run = await json(`/v1/fission/${encodeURIComponent(id)}`); } catch (error) {
      pairs.replaceChildren(el('li', { class: 'error', role: 'alert' }, error.message));
      return;
    }
    pairs.replaceChildren(el('li', { class: 'muted' }, `${t('pairsOf', run.topic)} · ${t(run.status) || run.status}`),
      ...run.records.map((record) => el('li', { class: 'pair' },
        el('div', { class: 'q' }, el('strong', {}, 'Q: '), record.question),
        el('div', { class: 'a' }, el('strong', {}, 'A: '), record.answer),
        el('div', { class: 'meta muted' }, record.sources.map((s) => `${s.title || s.document} (${pageLabel({ pageStart: s.page })})`).join(' · ')))),
      run.error ? el('li', { class: 'error', role: 'alert' }, run.error) : null);
    if (!follow || run.status !== 'running') { refreshFissionRuns(); return; }
    await new Promise((resolve) => setTimeout(resolve, 700));
  }
}

function setUpFission() {
  $('fission-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const run = await (await postJSON('/v1/fission', {
        topic: $('fission-topic').value, count: Number($('fission-count').value), collection: state.collection,
      })).json();
      refreshFissionRuns();
      showFissionRun(run.id, true);
    } catch (error) {
      $('fission-pairs').replaceChildren(el('li', { class: 'error', role: 'alert' }, error.message));
    }
  });
}

// MARK: - Start

function start() {
  state.lang = chooseLanguage();
  applyLanguage();
  $('language').addEventListener('change', (event) => {
    state.lang = event.target.value;
    localStorage.setItem('hepchain.lang', state.lang);
    applyLanguage();
  });
  $('key-button').addEventListener('click', () => askForKey(false));
  setUpTabs();
  setUpAsk();
  setUpLibrary();
  setUpLoad();
  setUpFission();
  refreshCollections();
  $('question').focus();
  document.body.dataset.ready = 'true';
}

start();
"""#
}
