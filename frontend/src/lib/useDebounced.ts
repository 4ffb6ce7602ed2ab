import { useEffect, useState } from "react";

/** `value` once it has stayed the same for `delay` ms (compared by content): live previews
 * ask the server after the typing pauses, not on every keystroke. */
export function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(key) as T), delay);
    return () => clearTimeout(timer);
  }, [key, delay]);
  return settled;
}
