import { describe, expect, it } from 'vitest';
import { installLinkGuard, renderManual, renderMarkdown } from './markdown';
import manual from '../../../docs/用户手册.md?raw';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const html = renderMarkdown('**窗口**无人引导\n\n- 材料 A\n- 材料 B');
    expect(html).toContain('<strong>窗口</strong>');
    expect(html).toContain('<li>材料 A</li>');
  });
  it('shows raw HTML as text instead of running it', () => {
    const html = renderMarkdown('排队 <img src=x onerror=alert(1)> 很久');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const div = document.createElement('div');
    div.innerHTML = html;
    expect(div.querySelector('img')).toBeNull();
    expect(div.textContent).toContain('<img src=x onerror=alert(1)>');
  });
  it('drops script blocks and dangerous links', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n[点我](javascript:alert(1))');
    const div = document.createElement('div');
    div.innerHTML = html;
    expect(div.querySelector('script')).toBeNull();
    expect(div.querySelector('a')?.getAttribute('href') ?? null).toBeNull();
  });
  it('copes with empty text', () => {
    expect(renderMarkdown('')).toBe('');
  });
});

describe('links in the preview', () => {
  const preview = (md: string) => {
    const div = document.createElement('div');
    div.innerHTML = renderMarkdown(md);
    document.body.appendChild(div);
    return div;
  };

  it('keeps http(s) links and drops every other scheme', () => {
    const div = preview('[政务网](https://www.example.gov.cn/a) [邮件](mailto:a@b.cn) [文件](file:///etc/passwd) [电话](tel:12345)');
    const hrefs = [...div.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs.filter(Boolean)).toEqual(['https://www.example.gov.cn/a']);
    expect(div.textContent).toContain('邮件');
    div.remove();
  });

  it('opens an http(s) link in the system browser and never navigates the window', () => {
    const opened: string[] = [];
    const remove = installLinkGuard(document, async (url) => { opened.push(url); });
    const div = preview('见[公告](https://www.example.gov.cn/notice?id=1)');
    const link = div.querySelector('a')!;
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(opened).toEqual(['https://www.example.gov.cn/notice?id=1']);
    // A middle click would open a new webview: swallowed too, and no second browser tab.
    const middle = new MouseEvent('auxclick', { bubbles: true, cancelable: true, button: 1 });
    link.dispatchEvent(middle);
    expect(middle.defaultPrevented).toBe(true);
    expect(opened).toHaveLength(1);
    remove();
    div.remove();
  });

  it('swallows a click on a link that is not http(s) without opening anything', () => {
    const opened: string[] = [];
    const remove = installLinkGuard(document, async (url) => { opened.push(url); });
    const a = document.createElement('a');
    a.setAttribute('href', 'javascript:alert(1)');
    a.textContent = 'x';
    document.body.appendChild(a);
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    a.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(opened).toEqual([]);
    remove();
    a.remove();
  });

  it('leaves clicks outside links alone', () => {
    const remove = installLinkGuard(document, async () => undefined);
    const p = document.createElement('p');
    document.body.appendChild(p);
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    p.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(false);
    remove();
    p.remove();
  });
});

describe('renderManual', () => {
  it('shows the manual with its screenshots from manual/ and without its front matter', () => {
    const html = renderManual(manual);
    expect(html).toContain('<h1>走流程纪实 用户手册</h1>');
    expect(html).not.toContain('header:');
    const srcs = [...html.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(srcs.length).toBeGreaterThanOrEqual(8);
    expect(srcs.every((s) => /^manual\/[\w.-]+\.jpg$/.test(s))).toBe(true);
    expect(html).toContain('<table>');
  });
  it('still keeps scripts, handlers and other images out', () => {
    const html = renderManual('![x](file:///etc/passwd) ![y](manual/../../secret.jpg) <img src=manual/a.jpg onerror=alert(1)>\n\n<script>alert(1)</script>');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelectorAll('script').length).toBe(0);
    expect([...doc.querySelectorAll('*')].some((e) => e.hasAttribute('onerror'))).toBe(false);
    const srcs = [...doc.querySelectorAll('img')].map((i) => i.getAttribute('src'));
    expect(srcs).toEqual([null, null]);
    // The raw <img> tag is text, as in every user note.
    expect(doc.body.textContent).toContain('<img src=manual/a.jpg onerror=alert(1)>');
  });
});
