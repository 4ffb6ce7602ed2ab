// Ask the knowledge base as the bot does: ranked passages with score, source and the text.
"use client";

import { useState, type FormEvent } from "react";

import { Badge, Button, Card, Empty, ErrorNotice, Select, Spinner, TextInput } from "@/components/ui";
import { useT } from "@/lib/i18n";

import { useSearch, type SearchParams } from "./api";
import { highlight } from "./highlight";
import { texts } from "./texts";

export function SearchPlayground({ categories }: { categories: string[] }) {
  const t = useT(texts);
  const [q, setQ] = useState("");
  const [k, setK] = useState(5);
  const [category, setCategory] = useState("");
  const [params, setParams] = useState<SearchParams | null>(null);
  const search = useSearch(params);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (q.trim()) setParams({ q: q.trim(), k, category });
  };

  return (
    <Card title={t("search_title")}>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">{t("search_hint")}</p>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <div className="min-w-[16rem] flex-1">
          <TextInput aria-label={t("search_title")} placeholder={t("search_placeholder")} value={q} maxLength={1000} onChange={(e) => setQ(e.target.value)} data-testid="kb-search-input" />
        </div>
        <div className="w-28">
          <Select label={t("search_k")} value={k} onChange={(e) => setK(Number(e.target.value))} data-testid="kb-search-k">
            {[3, 5, 10, 20].map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </Select>
        </div>
        <div className="w-44">
          <Select label={t("search_category")} value={category} onChange={(e) => setCategory(e.target.value)} data-testid="kb-search-category">
            <option value="">{t("all")}</option>
            {categories.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" variant="primary" busy={search.isFetching} disabled={!q.trim()} data-testid="kb-search-submit">
          {t("search_run")}
        </Button>
      </form>
      <div className="mt-4">
        {params && search.isPending && <Spinner />}
        {search.isError && <ErrorNotice error={search.error} onRetry={() => void search.refetch()} />}
        {search.data && search.data.length === 0 && <Empty>{t("search_empty")}</Empty>}
        {search.data && search.data.length > 0 && params && (
          <ol className="space-y-3">
            {search.data.map((hit, index) => (
              <li key={`${hit.document}-${index}`} data-testid="kb-hit" data-document={hit.document} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
                <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                  <span className="font-semibold text-slate-700 dark:text-slate-200">#{index + 1}</span>
                  <Badge tone="blue">
                    <span data-testid="kb-hit-score">{t("score", { score: hit.score.toFixed(3) })}</span>
                  </Badge>
                  {hit.category && <Badge>{hit.category}</Badge>}
                  <span className="text-slate-700 dark:text-slate-300">{hit.citation}</span>
                  <span>· {hit.document}</span>
                </div>
                <p className="whitespace-pre-line text-sm text-slate-800 dark:text-slate-100">
                  {highlight(hit.text, params.q).map((piece, i) =>
                    piece.hit ? (
                      <mark key={i} className="rounded bg-yellow-200 px-0.5 text-slate-900 dark:bg-yellow-700 dark:text-white">
                        {piece.text}
                      </mark>
                    ) : (
                      <span key={i}>{piece.text}</span>
                    ),
                  )}
                </p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Card>
  );
}
