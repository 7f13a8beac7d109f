// The new-order chime, synthesised with WebAudio (no file, nothing fetched): three rising notes
// with a soft attack and decay, loud enough for a kitchen at full volume.
//
// Browsers start an AudioContext "suspended" until the page gets a tap or a key press (autoplay
// policy), which is why the first order of a shift so often makes no sound. `unlock()` must be
// called from such a gesture: the board asks for it with its "tap to enable sound" step and
// shows that step again whenever the context is not running.
export class AlertSound {
  private context: AudioContext | null = null;
  private listeners = new Set<() => void>();

  get ready(): boolean {
    return this.context?.state === "running";
  }

  /** Called when the context starts or stops running (the page shows its state). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** From a user gesture: create or resume the context. True when sound can play. */
  async unlock(): Promise<boolean> {
    const Context = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Context) return false;
    if (!this.context) {
      this.context = new Context();
      this.context.onstatechange = () => this.listeners.forEach((l) => l());
    }
    try {
      await this.context.resume();
    } catch {
      /* refused without a gesture: the step stays */
    }
    this.listeners.forEach((l) => l());
    return this.ready;
  }

  /** One chime at `volume` (0..1). False when the context is not running (nothing was played). */
  play(volume: number): boolean {
    const ctx = this.context;
    if (!ctx || ctx.state !== "running" || volume <= 0) return false;
    const start = ctx.currentTime + 0.02;
    [880, 1109, 1319].forEach((frequency, index) => {
      const at = start + index * 0.18;
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.type = "triangle";
      oscillator.frequency.setValueAtTime(frequency, at);
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(Math.max(0.0002, volume), at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.45);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.5);
    });
    return true;
  }

  close(): void {
    void this.context?.close();
    this.context = null;
  }
}

/** The page's one chime: unlocked once per page, it stays unlocked when the board changes location. */
export const boardSound = new AlertSound();
