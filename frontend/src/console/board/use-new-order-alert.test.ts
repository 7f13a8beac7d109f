import { effectScope, nextTick, ref } from "vue";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AlertSound } from "./alert-sound";
import { REPEAT_MS, loadSoundSettings, useNewOrderAlert } from "./use-new-order-alert";

// A stand-in for WebAudio (happy-dom has none): it counts chimes and their volume, and starts
// suspended as browsers do until a tap. The real chime plays in the browser tests.
class FakeSound {
  ready = false;
  played: number[] = [];
  private listeners = new Set<() => void>();
  onChange(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async unlock() {
    this.ready = true;
    this.listeners.forEach((l) => l());
    return true;
  }
  play(volume: number) {
    if (!this.ready || volume <= 0) return false;
    this.played.push(volume);
    return true;
  }
  close() {}
}

function start(alerting = ref(false)) {
  const sound = new FakeSound();
  const scope = effectScope();
  const alert = scope.run(() => useNewOrderAlert(alerting, sound as unknown as AlertSound))!;
  return { alert, sound, scope, alerting };
}

describe("the new-order alert", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
  });
  afterEach(() => vi.useRealTimers());

  it("plays nothing until the screen is tapped, then repeats until the orders are acknowledged", async () => {
    const { alert, sound, scope, alerting } = start();
    alerting.value = true;
    await nextTick();
    expect(sound.played).toHaveLength(0); // suspended: the page shows its "tap to enable sound" step
    await alert.enable();
    await nextTick();
    expect(sound.played).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(REPEAT_MS * 2);
    expect(sound.played).toHaveLength(3);
    expect(alert.plays.value).toBe(3);
    alerting.value = false;
    await nextTick();
    await vi.advanceTimersByTimeAsync(REPEAT_MS * 3);
    expect(sound.played).toHaveLength(3);
    scope.stop();
  });

  it("keeps quiet when muted and plays at this screen's volume, both remembered", async () => {
    const { alert, sound, scope, alerting } = start();
    await alert.enable();
    alert.settings.value.muted = true;
    alerting.value = true;
    await nextTick();
    await vi.advanceTimersByTimeAsync(REPEAT_MS * 2);
    expect(sound.played).toHaveLength(0);
    alert.settings.value = { volume: 0.3, muted: false };
    await vi.advanceTimersByTimeAsync(REPEAT_MS);
    expect(sound.played).toEqual([0.3]);
    expect(loadSoundSettings()).toEqual({ volume: 0.3, muted: false });
    scope.stop();
  });
});
