// The board's new-order alert: a chime that repeats every few seconds while a new order is not
// acknowledged, at this screen's volume unless muted (both kept in this browser's localStorage:
// each screen of a kitchen has its own). `plays` counts the chimes played, for the page to show
// and the browser tests to wait on.
import { onScopeDispose, ref, watch, type Ref } from "vue";
import { type AlertSound, boardSound } from "./alert-sound";

const SETTINGS_KEY = "brigade.board.sound";
export const REPEAT_MS = 4000;

export interface SoundSettings {
  volume: number;
  muted: boolean;
}

export function loadSoundSettings(): SoundSettings {
  try {
    const raw = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? "{}") as Partial<SoundSettings>;
    const volume = typeof raw.volume === "number" && raw.volume >= 0 && raw.volume <= 1 ? raw.volume : 0.8;
    return { volume, muted: raw.muted === true };
  } catch {
    return { volume: 0.8, muted: false };
  }
}

export function useNewOrderAlert(alerting: Ref<boolean>, sound: AlertSound = boardSound) {
  const settings = ref<SoundSettings>(loadSoundSettings());
  const ready = ref(sound.ready);
  const plays = ref(0);
  let timer: ReturnType<typeof setInterval> | undefined;
  const stopListening = sound.onChange(() => (ready.value = sound.ready));

  function chime(): void {
    if (!settings.value.muted && sound.play(settings.value.volume)) plays.value += 1;
  }

  function schedule(): void {
    clearInterval(timer);
    timer = undefined;
    if (!alerting.value) return;
    chime();
    timer = setInterval(chime, REPEAT_MS);
  }

  async function enable(): Promise<void> {
    ready.value = await sound.unlock(); // the watch on `ready` starts the chime if orders wait
  }

  function test(): void {
    if (sound.play(settings.value.muted ? 0 : settings.value.volume)) plays.value += 1;
  }

  watch(alerting, schedule, { immediate: true });
  watch(ready, (now, before) => now && !before && schedule());
  watch(settings, (value) => localStorage.setItem(SETTINGS_KEY, JSON.stringify(value)), { deep: true });

  onScopeDispose(() => {
    clearInterval(timer);
    stopListening(); // the sound itself stays unlocked for the next board of this page
  });

  return { settings, ready, plays, enable, test };
}
