// Confirmation before destructive actions, as an in-page dialog: the same look everywhere, and
// WebDriver tests can press its buttons (native dialogs are out of their reach).

export const confirmState = $state({
  open: false,
  message: '',
  okLabel: '确定',
  resolve: null as ((ok: boolean) => void) | null,
});

export function confirmAction(message: string, okLabel = '确定'): Promise<boolean> {
  // A second request while one is open answers the first with "no".
  confirmState.resolve?.(false);
  return new Promise((resolve) => {
    Object.assign(confirmState, { open: true, message, okLabel, resolve });
  });
}

export function answer(ok: boolean): void {
  const r = confirmState.resolve;
  Object.assign(confirmState, { open: false, resolve: null });
  r?.(ok);
}
