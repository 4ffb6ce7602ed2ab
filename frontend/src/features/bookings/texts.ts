import { defineTexts, type Translate } from "@/lib/i18n";

export const texts = defineTexts({
  ru: {
    week_title: "Неделя {first} – {last}",
    moscow_time: "Время московское",
    previous_week: "Предыдущая неделя",
    next_week: "Следующая неделя",
    today: "Сегодня",
    today_mark: "сегодня",
    show_cancelled: "Показывать отменённые",
    empty_week: "На эту неделю записей нет",
    confirmed: "подтверждена",
    unconfirmed: "не подтверждена",
    cancelled: "отменена",
    manager: "Менеджер: {manager}",
    customer_time: "у клиента {time}, {zone}",
    open_lead: "Карточка лида",
    open_conversation: "Диалог",
  },
  en: {
    week_title: "Week of {first} – {last}",
    moscow_time: "Moscow time",
    previous_week: "Previous week",
    next_week: "Next week",
    today: "Today",
    today_mark: "today",
    show_cancelled: "Show cancelled",
    empty_week: "No consultations booked for this week",
    confirmed: "confirmed",
    unconfirmed: "not confirmed",
    cancelled: "cancelled",
    manager: "Manager: {manager}",
    customer_time: "{time} for the customer, {zone}",
    open_lead: "Lead card",
    open_conversation: "Conversation",
  },
});

export type BookingsT = Translate<keyof typeof texts.ru>;
