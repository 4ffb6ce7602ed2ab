// A queue of uploads: files go one after another (the server indexes one batch at a time),
// each with its own progress and result.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";

import { errorMessage } from "@/lib/api";

import { uploadDocument, type Uploader } from "./api";
import type { IngestResult } from "./types";

export interface UploadItem {
  id: number;
  name: string;
  category: string;
  progress: number; // 0…1 of the bytes sent
  state: "waiting" | "uploading" | "done" | "failed";
  result?: IngestResult;
  error?: string;
}

export function useUploads(uploader: Uploader = uploadDocument) {
  const client = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const nextId = useRef(1);
  const queue = useRef(Promise.resolve());

  const patch = useCallback((id: number, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }, []);

  const start = useCallback(
    (files: File[], category: string) => {
      const added = files.map((file) => ({ file, item: { id: nextId.current++, name: file.name, category, progress: 0, state: "waiting" as const } }));
      setItems((current) => [...added.map((a) => a.item), ...current]);
      for (const { file, item } of added) {
        queue.current = queue.current.then(async () => {
          patch(item.id, { state: "uploading" });
          try {
            const result = await uploader(file, category, (share) => patch(item.id, { progress: share }));
            patch(item.id, { state: "done", progress: 1, result });
          } catch (error) {
            patch(item.id, { state: "failed", error: errorMessage(error) });
          }
          await client.invalidateQueries({ queryKey: ["kb"] });
        });
      }
    },
    [client, patch, uploader],
  );

  const clear = useCallback(() => setItems((current) => current.filter((item) => item.state === "waiting" || item.state === "uploading")), []);

  return { items, start, clear };
}
