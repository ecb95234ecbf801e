import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

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
