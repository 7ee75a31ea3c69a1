// The page's glue: it loads convcalc into Pyodide, hands it the editor's text or a dropped file, and draws the
// JSON document convcalc.playground.show() returns. Every figure, table and message is convcalc's own.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const $ = (id) => document.getElementById(id);
const state = { name: "model.py", text: "", binary: null, view: "summary", layer: null, inputSize: "", model: null };
let playground = null;
let pyodide = null;
let pending = null;
let listed = null;  // the file and input size whose models the picker lists

async function boot() {
  const started = performance.now();
  const manifest = await (await fetch("manifest.json")).json();
  const downloads = manifest.archives.map(async (archive) =>
    [archive, await (await fetch(archive.path)).arrayBuffer()]);
  pyodide = await loadPyodide({ indexURL: new URL("pyodide/", location.href).href, env: { HOME: "/home/pyodide" } });
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  for (const [archive, buffer] of await Promise.all(downloads)) {
    pyodide.unpackArchive(buffer, archive.format, { extractDir: sitePackages });
  }
  pyodide.runPython("import os; os.makedirs('/home/pyodide/models', exist_ok=True); os.chdir('/home/pyodide/models')");
  playground = pyodide.pyimport("convcalc.playground");
  for (const seed of manifest.seeds) {
    $("seed").append(new Option(seed.title, seed.file));
  }
  if (!(await restore())) {
    await loadSeed(manifest.seeds[0].file);
  }
  const loaded = performance.now() - started;
  document.body.dataset.ready = "true";
  document.body.dataset.loadMs = loaded.toFixed(0);
  $("status").textContent = `convcalc ${manifest.convcalc} in Pyodide ${manifest.pyodide}: ready in ` +
    `${(loaded / 1000).toFixed(1)} s`;
}

async function loadSeed(file) {
  const text = await (await fetch(file)).text();
  $("seed").value = file;
  openText(file.split("/").pop(), text);
}

function openText(name, text, layer = null, model = null) {
  Object.assign(state, { name, text, binary: null, layer, model });
  $("code").value = text;
  showEditor(true);
  render();
}

function showEditor(visible) {
  $("editor").hidden = !visible;
  $("binary").hidden = visible;
}

async function openFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = /\.(py|ipynb|ya?ml|json)$/i.test(file.name) ? new TextDecoder().decode(bytes) : null;
  $("seed").value = "";
  if (text !== null && !/\.ipynb$/i.test(file.name)) {
    openText(file.name, text);
    return;
  }
  Object.assign(state, { name: file.name, text: null, binary: bytes, layer: null, model: null });
  $("binary-name").textContent = file.name;
  showEditor(false);
  render();
}

// Draw the model at the next frame: the keystrokes of one frame (or of one long render) make one render.
function schedule() {
  if (pending === null) {
    pending = requestAnimationFrame(() => { pending = null; render(); });
  }
}

function render() {
  if (!playground) return;
  const started = performance.now();
  let path = state.name;
  if (state.binary) {
    pyodide.FS.writeFile(path, state.binary);
  } else {
    state.text = $("code").value;
    path = playground.file_name(state.text, state.name);
    pyodide.FS.writeFile(path, state.text);
  }
  let shown;
  try {
    shown = JSON.parse(playground.show(path, state.view, state.layer || undefined, state.inputSize,
      state.model || undefined));
  } catch (error) {  // a bug of convcalc's, not a mistake of the model's: say so rather than keep a stale table
    shown = { file: path, framework: null, text: "", rows: [], warnings: [], notes: [], explain: [], command: "",
      errors: [{ line: null, text: `convcalc failed on this input (a bug: please report it): ${error.message}` }] };
  }
  draw(shown);
  const took = performance.now() - started;
  document.body.dataset.renderMs = took.toFixed(1);
  document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
  saveState();
  const key = `${path}\n${state.inputSize}\n${state.binary ? state.binary.length : state.text}`;
  if (key !== listed) {
    requestIdleCallback(() => listModels(path, key));
  }
}

// The models a Python file or notebook makes, for the picker: asked once the table is drawn (it reads the file
// again), and only shown when there are several.
function listModels(path, key) {
  if (!playground || listed === key) return;
  listed = key;
  const found = JSON.parse(playground.models(path, state.inputSize));
  const picker = $("model");
  picker.replaceChildren(...found.map((model) => {
    const option = new Option(model.label + (model.default ? " (default)" : "") + (model.refused ? " (refused)" : ""),
      model.name);
    option.title = model.refused || "";
    option.dataset.default = String(model.default);
    option.selected = state.model ? model.name === state.model : model.default;
    return option;
  }));
  $("model-label").hidden = found.length < 2;
}

function draw(shown) {
  $("file-name").textContent = shown.file;
  $("framework").textContent = shown.framework ? `(${shown.framework === "torch" ? "PyTorch" : "Keras"})` : "";
  $("command").textContent = shown.command;
  $("notes").textContent = [...shown.notes, ...shown.warnings.map((w) => `Warning: ${w}`)].join("\n");
  drawTable(shown);
  drawErrors(shown.errors);
  drawExplain(shown.explain);
}

function drawTable(shown) {
  const table = $("table");
  table.replaceChildren();
  const lines = shown.text ? shown.text.split("\n") : [];
  const starts = new Map(shown.rows.map(([line, layer, kind]) => [line, [layer, kind]]));
  let index = 0;
  while (index < lines.length) {
    if (!starts.has(index)) {
      table.append(lines[index] + (index + 1 < lines.length ? "\n" : ""));
      index += 1;
      continue;
    }
    // a row and the lines its cells fold onto, up to the next row or the table's edge
    let end = index + 1;
    while (end < lines.length && !starts.has(end) && lines[end].startsWith("│") && lines[index].startsWith("│")) {
      end += 1;
    }
    const [layer, kind] = starts.get(index);
    const row = document.createElement("span");
    row.className = "row";
    row.tabIndex = 0;
    row.setAttribute("role", "button");
    row.dataset.layer = layer;
    row.setAttribute("aria-label", `${layer} (${kind}): show its working`);
    if (layer === state.layer) row.setAttribute("aria-current", "true");
    row.textContent = lines.slice(index, end).join("\n") + (end < lines.length ? "\n" : "");
    table.append(row);
    index = end;
  }
}

function drawErrors(errors) {
  const list = $("errors");
  list.replaceChildren();
  const marked = new Map();
  for (const error of errors) {
    const item = document.createElement("li");
    if (error.line && !state.binary) {
      marked.set(error.line, error.text);
      const jump = document.createElement("button");
      jump.type = "button";
      jump.textContent = `line ${error.line}`;
      jump.addEventListener("click", () => goToLine(error.line));
      item.append(jump);
    }
    item.append(error.text);
    list.append(item);
  }
  const count = $("code").value.split("\n").length;
  const gutter = $("gutter");
  gutter.replaceChildren();
  for (let line = 1; line <= count; line += 1) {
    const number = document.createElement("span");
    number.textContent = `${line}\n`;
    if (marked.has(line)) {
      number.className = "error";
      number.title = marked.get(line);
    }
    gutter.append(number);
  }
  const marks = $("marks");
  marks.replaceChildren(...[...marked.keys()].map((line) => {
    const mark = document.createElement("div");
    mark.style.top = `calc(0.5rem + ${line - 1} * 1.5em)`;
    mark.dataset.line = line;
    return mark;
  }));
  syncScroll();
}

function drawExplain(sections) {
  const explain = $("explain");
  explain.replaceChildren();
  const notes = new Set();
  for (const section of sections) {
    const title = document.createElement("h2");
    title.textContent = section.title;
    const body = document.createElement("pre");
    body.textContent = section.lines.join("\n");
    explain.append(title, body);
    if (section.note) notes.add(section.note);
  }
  for (const note of notes) {
    const line = document.createElement("p");
    line.className = "note";
    line.textContent = note;
    explain.append(line);
  }
}

function goToLine(line) {
  const code = $("code");
  const lines = code.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
  code.focus();
  code.setSelectionRange(start, start + (lines[line - 1] || "").length);
  code.scrollTop = Math.max(0, (line - 5) * parseFloat(getComputedStyle(code).lineHeight));
  syncScroll();
}

function syncScroll() {
  const code = $("code");
  $("gutter").scrollTop = code.scrollTop;
  $("marks").style.transform = `translate(${-code.scrollLeft}px, ${-code.scrollTop}px)`;
}

function select(layer) {
  state.layer = state.layer === layer ? null : layer;
  render();
  const row = [...$("table").querySelectorAll(".row")].find((item) => item.dataset.layer === layer);
  if (row) row.focus();
}

// The link: the text (deflated, base64url), its file name, the view, the selected layer and the input size.
async function saveState() {
  const fields = new URLSearchParams({ name: state.name, view: state.view });
  if (state.layer) fields.set("layer", state.layer);
  if (state.inputSize) fields.set("input", state.inputSize);
  if (state.model) fields.set("model", state.model);
  if (!state.binary) fields.set("code", await pack(state.text));
  history.replaceState(null, "", `#${fields}`);
}

async function restore() {
  const fields = new URLSearchParams(location.hash.slice(1));
  if (!fields.has("code")) return false;
  Object.assign(state, { view: fields.get("view") || "summary", inputSize: fields.get("input") || "" });
  $("input-size").value = state.inputSize;
  pressView(state.view);
  openText(fields.get("name") || "model.py", await unpack(fields.get("code")), fields.get("layer"),
    fields.get("model"));
  return true;
}

async function pack(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

async function unpack(packed) {
  const binary = atob(packed.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Response(stream).text();
}

function pressView(view) {
  for (const button of document.querySelectorAll("[data-view]")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === view));
  }
}

function wire() {
  const code = $("code");
  code.addEventListener("input", () => { $("seed").value = ""; schedule(); });
  code.addEventListener("scroll", syncScroll);
  for (const button of document.querySelectorAll("[data-view]")) {
    button.addEventListener("click", () => { state.view = button.dataset.view; pressView(state.view); render(); });
  }
  $("table").addEventListener("click", (event) => {
    const row = event.target.closest(".row");
    if (row) select(row.dataset.layer);
  });
  $("table").addEventListener("keydown", (event) => {
    const row = event.target.closest(".row");
    if (!row) return;
    const rows = [...$("table").querySelectorAll(".row")];
    const at = rows.indexOf(row);
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      select(row.dataset.layer);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      rows[Math.min(Math.max(at + (event.key === "ArrowDown" ? 1 : -1), 0), rows.length - 1)].focus();
    }
  });
  $("model").addEventListener("change", () => {
    const chosen = $("model").selectedOptions[0];
    state.model = chosen && chosen.dataset.default === "true" ? null : $("model").value;
    state.layer = null;
    render();
  });
  $("seed").addEventListener("change", () => { if ($("seed").value) loadSeed($("seed").value); });
  $("open").addEventListener("click", () => $("file").click());
  $("file").addEventListener("change", () => { if ($("file").files[0]) openFile($("file").files[0]); });
  $("back").addEventListener("click", () => { state.binary = null; state.name = "model.py"; showEditor(true); render(); });
  $("input-size").addEventListener("input", () => { state.inputSize = $("input-size").value.trim(); schedule(); });
  $("share").addEventListener("click", async () => {
    await saveState();
    await navigator.clipboard.writeText(location.href).catch(() => {});
    $("status").textContent = "Link copied: it holds the model, the view and the selected layer.";
  });
  let depth = 0;
  document.addEventListener("dragenter", (event) => { event.preventDefault(); depth += 1; $("drop-target").hidden = false; });
  document.addEventListener("dragleave", () => { depth -= 1; if (depth <= 0) $("drop-target").hidden = true; });
  document.addEventListener("dragover", (event) => event.preventDefault());
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    depth = 0;
    $("drop-target").hidden = true;
    const file = event.dataTransfer.files[0];
    if (file) openFile(file);
  });
}

wire();
boot().catch((error) => {
  $("status").textContent = `The page could not start Python: ${error}`;
  document.body.dataset.ready = "failed";
  throw error;
});
