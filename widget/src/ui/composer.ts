/** The message composer: auto-growing textarea, send and attach buttons, uploads, counter. */
import { acceptAttr, checkFile, formatMb } from "../files";
import type { Lang, Strings } from "../i18n";
import type { ServerConfig, UploadedFile } from "../types";
import { DEFAULT_SERVER_CONFIG } from "../types";
import { h, icon, ICONS } from "./dom";

export interface UploadHandle {
  promise: Promise<UploadedFile>;
  abort(): void;
}

export interface ComposerOptions {
  t: Strings;
  lang: Lang;
  /** Returns false if the message could not be accepted (the text then stays). */
  onSend(text: string, files: UploadedFile[]): boolean;
  onInput(text: string): void;
  upload(file: File, onProgress: (fraction: number) => void): UploadHandle;
  uploadError(err: unknown, name: string): string;
}

interface Chip {
  el: HTMLElement;
  file: File;
  done: UploadedFile | null;
  handle: UploadHandle;
}

const MAX_HEIGHT = 120;

export class Composer {
  readonly el: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly attach: HTMLButtonElement;
  private readonly fileInput: HTMLInputElement;
  private readonly chipsEl: HTMLDivElement;
  private readonly hint: HTMLDivElement;
  private readonly counter: HTMLDivElement;
  private chips: Chip[] = [];
  private config: ServerConfig = DEFAULT_SERVER_CONFIG;
  private enabled = true;

  constructor(private readonly o: ComposerOptions) {
    const t = o.t;
    this.input = h("textarea", {
      class: "sb-input",
      rows: 1,
      placeholder: t.placeholder,
      "aria-label": t.inputLabel,
      "data-testid": "sb-input",
      enterkeyhint: "send",
    });
    this.fileInput = h("input", {
      type: "file",
      class: "sb-file-input",
      multiple: true,
      tabindex: -1,
      "aria-hidden": "true",
      "data-testid": "sb-file",
    });
    this.attach = h("button", { type: "button", class: "sb-icon sb-attach", "aria-label": t.attach, title: t.attach }, icon(ICONS.clip));
    this.send = h("button", { type: "submit", class: "sb-icon sb-send", "aria-label": t.send, title: t.send, "data-testid": "sb-send", disabled: true }, icon(ICONS.send));
    this.chipsEl = h("div", { class: "sb-chips", hidden: true });
    this.hint = h("div", { class: "sb-hint", role: "alert", hidden: true });
    this.counter = h("div", { class: "sb-counter", "aria-live": "polite", hidden: true });
    this.el = h(
      "form",
      { class: "sb-composer", novalidate: true },
      this.chipsEl,
      this.hint,
      h("div", { class: "sb-bar" }, this.attach, this.fileInput, this.input, this.send),
      this.counter,
    );
    this.setLimits(this.config);

    this.el.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener("input", () => {
      this.grow();
      this.update();
      this.o.onInput(this.input.value);
    });
    this.attach.addEventListener("click", () => this.fileInput.click());
    this.fileInput.addEventListener("change", () => {
      const files = Array.prototype.slice.call(this.fileInput.files || []) as File[];
      this.fileInput.value = "";
      this.addFiles(files);
    });
    // Pasting a screenshot attaches it.
    this.input.addEventListener("paste", (e) => {
      const files = e.clipboardData ? Array.prototype.slice.call(e.clipboardData.files || []) : [];
      if (files.length) {
        e.preventDefault();
        this.addFiles(files as File[]);
      }
    });
  }

  setLimits(config: ServerConfig): void {
    this.config = config;
    this.fileInput.setAttribute("accept", acceptAttr(config.attachment_types));
    this.update();
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.input.disabled = this.attach.disabled = !enabled;
    this.update();
  }

  focus(): void {
    try {
      this.input.focus({ preventScroll: true });
    } catch {
      this.input.focus();
    }
  }

  private grow(): void {
    const s = this.input.style;
    s.height = "auto";
    const full = this.input.scrollHeight;
    if (full > 0) s.height = `${Math.min(full, MAX_HEIGHT)}px`;
    s.overflowY = full > MAX_HEIGHT ? "auto" : "hidden";
  }

  private showHint(text: string | null): void {
    this.hint.textContent = text || "";
    this.hint.hidden = !text;
  }

  private uploading(): boolean {
    return this.chips.some((c) => !c.done);
  }

  /** Send button state and the character counter near the limit. */
  private update(): void {
    const len = this.input.value.length;
    const max = this.config.max_message_length;
    const near = len >= max * 0.8;
    this.counter.hidden = !near;
    this.counter.textContent = near ? this.o.t.counter(len, max) : "";
    this.counter.classList.toggle("sb-over", len > max);
    const hasContent = this.input.value.trim().length > 0 || this.chips.length > 0;
    this.send.disabled = !this.enabled || !hasContent || len > max || this.uploading();
  }

  private submit(): void {
    if (!this.enabled) return;
    const text = this.input.value.trim();
    const max = this.config.max_message_length;
    if (text.length > max) return this.showHint(this.o.t.tooLong(max));
    if (this.uploading()) return;
    const files = this.chips.map((c) => c.done).filter((f): f is UploadedFile => !!f);
    if (!text && !files.length) return;
    if (!this.o.onSend(text, files)) return;
    this.input.value = "";
    this.chips.forEach((c) => c.el.remove());
    this.chips = [];
    this.chipsEl.hidden = true;
    this.showHint(null);
    this.grow();
    this.update();
  }

  addFiles(files: File[]): void {
    if (!this.enabled) return;
    const t = this.o.t;
    const problems: string[] = [];
    for (const file of files) {
      const problem = checkFile(file, this.config, this.chips.length);
      if (problem === "count") {
        problems.push(t.fileCount(this.config.max_attachments));
        break;
      }
      if (problem === "type") problems.push(t.fileType(file.name));
      else if (problem === "size") problems.push(t.fileTooBig(file.name, formatMb(this.config.max_attachment_bytes, this.o.lang)));
      else this.startUpload(file);
    }
    this.showHint(problems.length ? problems.join(" ") : null);
    this.update();
  }

  private startUpload(file: File): void {
    const t = this.o.t;
    const bar = h("i");
    const progress = h("span", { class: "sb-progress", role: "progressbar", "aria-label": t.uploading(file.name), "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": 0 }, bar);
    const remove = h("button", { type: "button", class: "sb-icon", "aria-label": `${t.removeFile}: ${file.name}`, title: t.removeFile }, icon(ICONS.close));
    const el = h("div", { class: "sb-chip", "data-testid": "sb-upload" }, icon(ICONS.file), h("span", { class: "sb-chip-name" }, file.name), progress, remove);
    const handle = this.o.upload(file, (fraction) => {
      const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
      bar.style.width = `${pct}%`;
      progress.setAttribute("aria-valuenow", String(pct));
    });
    const chip: Chip = { el, file, done: null, handle };
    this.chips.push(chip);
    this.chipsEl.append(el);
    this.chipsEl.hidden = false;
    const drop = (): void => {
      this.chips = this.chips.filter((c) => c !== chip);
      el.remove();
      this.chipsEl.hidden = this.chips.length === 0;
      this.update();
    };
    remove.addEventListener("click", () => {
      handle.abort();
      drop();
      this.focus();
    });
    handle.promise.then(
      (uploaded) => {
        chip.done = uploaded;
        progress.hidden = true;
        el.setAttribute("data-done", "");
        this.update();
      },
      (err: unknown) => {
        if (this.chips.indexOf(chip) < 0) return; // removed by the visitor
        drop();
        this.showHint(this.o.uploadError(err, file.name));
      },
    );
  }
}
