// A short message that a change of state took effect (「已销号」, 「体验已完成」): shown at the top
// of the screen in a live region, so a screen reader says it too, and gone after a few seconds.
export const notice = $state({ text: '', serial: 0 });

const SHOWN_MS = 5000;
let timer: ReturnType<typeof setTimeout> | undefined;

export function notify(text: string): void {
  notice.text = text;
  notice.serial += 1;
  clearTimeout(timer);
  timer = setTimeout(() => (notice.text = ''), SHOWN_MS);
}

export function dismiss(): void {
  clearTimeout(timer);
  notice.text = '';
}
