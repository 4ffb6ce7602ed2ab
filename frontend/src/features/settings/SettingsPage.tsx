// Settings for administrators: company requisites, integrations (amoCRM and the task trackers
// among them) and operator accounts.
"use client";

import { Tab, TabGroup, TabList, TabPanel, TabPanels } from "@headlessui/react";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

import { PageHeader } from "@/components/ui";
import { useT } from "@/lib/i18n";

import { AmoCrmPanel } from "./AmoCrmPanel";
import { IntegrationsTable } from "./IntegrationsTable";
import { RequisitesForm } from "./RequisitesForm";
import { texts } from "./texts";
import { TrackersPanel } from "./TrackersPanel";
import { UsersTab } from "./UsersTab";

const TABS = ["requisites", "integrations", "users"] as const;
/** amoCRM's consent ends on /app/settings?amocrm=connected (salesbot/crm/endpoints.py). */
const AMO_RETURN = "amocrm";

export function SettingsPage() {
  const t = useT(texts);
  const params = useSearchParams();
  // Read once: the query is dropped from the address below, the notice stays until closed.
  const [amoConnected] = useState(() => params?.get(AMO_RETURN) === "connected");
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!url.searchParams.has(AMO_RETURN)) return;
    url.searchParams.delete(AMO_RETURN);
    window.history.replaceState(null, "", url.pathname + url.search + url.hash); // a reload shows no stale notice
  }, []);
  return (
    <div>
      <PageHeader title={t("nav_settings")} />
      <TabGroup defaultIndex={amoConnected ? TABS.indexOf("integrations") : 0}>
        <TabList className="mb-4 flex gap-1 border-b border-slate-200 dark:border-slate-700">
          {TABS.map((tab) => (
            <Tab
              key={tab}
              data-testid={`tab-${tab}`}
              className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:text-slate-900 focus:outline-none data-[selected]:border-brand-600 data-[selected]:text-brand-700 data-[focus]:ring-2 data-[focus]:ring-brand-500 dark:text-slate-300 dark:hover:text-white dark:data-[selected]:text-white"
            >
              {t(`tab_${tab}`)}
            </Tab>
          ))}
        </TabList>
        <TabPanels>
          <TabPanel>
            <RequisitesForm t={t} />
          </TabPanel>
          <TabPanel className="space-y-8">
            <IntegrationsTable t={t} />
            <AmoCrmPanel t={t} justConnected={amoConnected} />
            <TrackersPanel t={t} />
          </TabPanel>
          <TabPanel>
            <UsersTab t={t} />
          </TabPanel>
        </TabPanels>
      </TabGroup>
    </div>
  );
}
