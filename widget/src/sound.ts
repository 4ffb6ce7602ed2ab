/** A short, quiet two-tone beep through WebAudio; no audio files. */

type Ctx = AudioContext;

export class Beeper {
  private ctx: Ctx | null = null;

  /** Browsers only let audio start after a user gesture: call this from one. */
  unlock(): void {
    try {
      if (!this.ctx) {
        const C = (window as unknown as { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext })
          .AudioContext || (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
        if (!C) return;
        this.ctx = new C();
      }
      if (this.ctx.state === "suspended") void this.ctx.resume().catch(() => undefined);
    } catch {
      this.ctx = null;
    }
  }

  beep(): void {
    try {
      this.unlock();
      const ctx = this.ctx;
      if (!ctx || ctx.state !== "running") return;
      const now = ctx.currentTime;
      const tone = (freq: number, start: number): void => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = "sine";
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, now + start);
        gain.gain.exponentialRampToValueAtTime(0.12, now + start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + start + 0.16);
        osc.connect(gain);
        gain.connect(ctx.destination);
        osc.start(now + start);
        osc.stop(now + start + 0.18);
      };
      tone(880, 0);
      tone(1320, 0.12);
    } catch {
      /* sound is a nicety */
    }
  }
}
