// Settings for administrators: company requisites, integrations and operator accounts.
"use client";

import { Tab, TabGroup, TabList, TabPanel, TabPanels } from "@headlessui/react";

import { PageHeader } from "@/components/ui";
import { useT } from "@/lib/i18n";

import { IntegrationsTable } from "./IntegrationsTable";
import { RequisitesForm } from "./RequisitesForm";
import { texts } from "./texts";
import { UsersTab } from "./UsersTab";

const TABS = ["requisites", "integrations", "users"] as const;

export function SettingsPage() {
  const t = useT(texts);
  return (
    <div>
      <PageHeader title={t("nav_settings")} />
      <TabGroup>
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
          <TabPanel>
            <IntegrationsTable t={t} />
          </TabPanel>
          <TabPanel>
            <UsersTab t={t} />
          </TabPanel>
        </TabPanels>
      </TabGroup>
    </div>
  );
}
