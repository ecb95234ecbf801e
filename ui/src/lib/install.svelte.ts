// Who this install is (本机身份), read once at start and again after set-up, a bundle or a
// resolved conflict: the first-run screen, the stand-alone banner, the 冲突 badge, and which
// buttons a 单位端 or 党建办端 shows all follow it.
import { api, type ApiError } from './api';
import type { InstallRole, InstallState } from './types';

export const install = $state({
  state: null as InstallState | null,
  error: null as ApiError | null,
});

export async function loadInstall(): Promise<void> {
  try {
    install.state = await api.installState();
    install.error = null;
  } catch (e) {
    install.error = e as ApiError;
  }
}

/** 'unit' or 'office'; null on a stand-alone install (the demo, older data) or before loading. */
export function installRole(): InstallRole | null {
  return install.state?.identity?.identity.role ?? null;
}

/** The unit this install is bound to ('' when stand-alone). */
export function installDepartment(): string {
  return install.state?.identity?.identity.department_id ?? '';
}
