// Observations and notes are Markdown typed by users. They are rendered to HTML only here, and
// only in two guarded steps: raw HTML inside the Markdown is escaped (so `<img onerror=…>` shows
// as the text the user typed), and the result still goes through DOMPurify before it reaches
// `{@html}`. No other component may put user text into HTML.
//
// Links: only http(s) links stay links, and a click on any link never navigates the app window
// (that would replace the whole app with a web page): `installLinkGuard` sends http(s) links to
// the system browser through the opener plugin and swallows every other link click.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { openUrl } from '@tauri-apps/plugin-opener';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Raw HTML blocks and inline tags are shown as text, never interpreted.
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

/** The only link targets the preview keeps: other schemes lose their href and read as text. */
const WEB_URL = /^https?:\/\//i;

const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'input',
];

/** Markdown → sanitised HTML, safe for `{@html}`. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text ?? '') as string;
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'title', 'type', 'checked', 'disabled', 'align'],
    ALLOWED_URI_REGEXP: WEB_URL,
  });
}

/** A Markdown file without its leading front matter (`---` … `---`: page settings, not content). */
export function stripFrontMatter(md: string): string {
  return md.replace(/^\s*---\n[\s\S]*?\n---\n/, '');
}

/** The manual's screenshots, served with the app (ui/public/manual): the only images shown. */
const MANUAL_IMAGE = /^manual\/[\w.-]+\.jpg$/;

/**
 * The user manual (docs/用户手册.md, shipped with the app, not user text) → HTML for 帮助: the
 * front matter dropped, its image links pointed at the copies served with the app. Sanitised
 * like user text all the same, with images allowed only from manual/.
 */
export function renderManual(text: string): string {
  const body = stripFrontMatter(text).replaceAll('../ui/public/manual/', 'manual/');
  const html = marked.parse(body) as string;
  const clean = DOMPurify.sanitize(html, {
    ALLOWED_TAGS: [...ALLOWED_TAGS, 'img'],
    ALLOWED_ATTR: ['href', 'title', 'align', 'src', 'alt'],
    ALLOWED_URI_REGEXP: /^(https?:\/\/|manual\/)/i,
  });
  // Belt and braces: an <img> whose src is not one of the manual's files loses it.
  const doc = new DOMParser().parseFromString(`<body>${clean}</body>`, 'text/html');
  for (const img of doc.querySelectorAll('img')) if (!MANUAL_IMAGE.test(img.getAttribute('src') ?? '')) img.removeAttribute('src');
  return doc.body.innerHTML;
}

/** The http(s) URL a link points to, or null when it is no web link. */
export function webLink(a: Element): string | null {
  const href = a.getAttribute('href')?.trim() ?? '';
  return WEB_URL.test(href) ? href : null;
}

/**
 * Handles a click (or middle click) anywhere in the window: a click on a link never navigates
 * the webview; an http(s) link opens in the system browser. Returns whether it was a link.
 */
export function handleLinkClick(e: MouseEvent, open: (url: string) => Promise<void> = openUrl): boolean {
  const target = e.target instanceof Element ? e.target : null;
  const a = target?.closest('a[href], area[href]');
  if (!a) return false;
  e.preventDefault();
  const url = webLink(a);
  // A failed hand-off (no browser configured) must not break the screen; nothing else to do.
  if (url && e.type === 'click') open(url).catch(() => undefined);
  return true;
}

/** Installs the guard once for the whole document (main.ts). Returns a function removing it. */
export function installLinkGuard(root: Document | HTMLElement = document, open?: (url: string) => Promise<void>): () => void {
  const onClick = (e: Event) => handleLinkClick(e as MouseEvent, open);
  // Capture phase: runs before any other handler can let the default navigation happen.
  root.addEventListener('click', onClick, true);
  root.addEventListener('auxclick', onClick, true);
  return () => {
    root.removeEventListener('click', onClick, true);
    root.removeEventListener('auxclick', onClick, true);
  };
}
