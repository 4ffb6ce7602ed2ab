// Getting a manager's attention: a short beep (Web Audio, no audio files) and a desktop
// notification, once the operator allowed it from a button.

let context: AudioContext | null = null;

/** Two short tones; silently nothing where the browser has no Web Audio. */
export function beep(): void {
  const Context =
    typeof window === "undefined"
      ? undefined
      : (window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext);
  if (!Context) return;
  try {
    context = context ?? new Context();
    if (context.state === "suspended") void context.resume();
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.18, 1175],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.15);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.16);
    }
  } catch {
    // Autoplay rules may refuse sound before the first click: nothing to do.
  }
}

export type NotifyPermission = "default" | "granted" | "denied" | "unsupported";

export function notificationPermission(): NotifyPermission {
  if (typeof window === "undefined" || !("Notification" in window)) return "unsupported";
  return Notification.permission;
}

export async function askNotificationPermission(): Promise<NotifyPermission> {
  if (notificationPermission() === "unsupported") return "unsupported";
  return Notification.requestPermission();
}

/** A desktop notification; a click brings the dashboard forward and opens the conversation. */
export function notify(title: string, body: string, onClick?: () => void): void {
  if (notificationPermission() !== "granted") return;
  try {
    const notification = new Notification(title, { body, tag: `salesbot-${title}-${body}` });
    notification.onclick = () => {
      window.focus();
      onClick?.();
      notification.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker.
  }
}
