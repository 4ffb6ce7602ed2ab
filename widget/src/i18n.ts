/** Every string a visitor reads, in Russian and English. */

export type Lang = "ru" | "en";

const ru = {
  defaultTitle: "Онлайн-консультант",
  defaultGreeting: "Здравствуйте! Я онлайн-консультант компании. Подскажу по услугам, срокам и ценам — чем могу помочь?",
  openChat: "Открыть чат",
  closeChat: "Свернуть чат",
  close: "Закрыть",
  dialogLabel: "Чат с консультантом",
  online: "Онлайн",
  managerOnline: "Менеджер в чате",
  reconnecting: "Переподключение…",
  connecting: "Подключение…",
  sound: "Звук уведомлений",
  unavailable: "Недоступен",
  manager: "Менеджер",
  you: "Вы",
  assistant: "Ассистент",
  botTyping: "Ассистент печатает…",
  managerTyping: "Менеджер печатает…",
  placeholder: "Напишите сообщение…",
  inputLabel: "Сообщение",
  send: "Отправить",
  attach: "Прикрепить файл",
  removeFile: "Убрать файл",
  sending: "Отправляется…",
  delivered: "Доставлено",
  read: "Прочитано",
  retry: "Повторить",
  sendFailed: "Не удалось отправить сообщение.",
  notAllowed: "Чат недоступен на этом сайте",
  connectFailed: "Не удаётся подключиться к чату. Проверьте интернет — мы попробуем ещё раз.",
  managerJoined: "Менеджер подключился к чату",
  managerLeft: "Менеджер вернул диалог ассистенту",
  newMessage: "Новое сообщение",
  unread: (n: number) => `Непрочитанных сообщений: ${n}`,
  counter: (n: number, max: number) => `${n} / ${max}`,
  tooLong: (max: number) => `Сообщение длиннее ${max} символов — сократите его, пожалуйста.`,
  fileTooBig: (name: string, mb: string) => `Файл «${name}» больше ${mb} МБ.`,
  fileType: (name: string) => `Файл «${name}»: можно прикрепить изображения, PDF или DOCX.`,
  fileCount: (max: number) => `Можно прикрепить не больше файлов: ${max}.`,
  uploadFailed: (name: string) => `Не удалось загрузить файл «${name}».`,
  uploading: (name: string) => `Загрузка «${name}»`,
  attachment: "Вложение",
  errors: {} as Record<string, string>,
};

export type Strings = typeof ru;

const en: Strings = {
  defaultTitle: "Online assistant",
  defaultGreeting: "Hello! I'm the company's online assistant. Ask me about services, timelines and prices — how can I help?",
  openChat: "Open chat",
  closeChat: "Minimise chat",
  close: "Close",
  dialogLabel: "Chat with an assistant",
  online: "Online",
  managerOnline: "A manager is in the chat",
  reconnecting: "Reconnecting…",
  connecting: "Connecting…",
  sound: "Notification sound",
  unavailable: "Unavailable",
  manager: "Manager",
  you: "You",
  assistant: "Assistant",
  botTyping: "The assistant is typing…",
  managerTyping: "The manager is typing…",
  placeholder: "Type a message…",
  inputLabel: "Message",
  send: "Send",
  attach: "Attach a file",
  removeFile: "Remove file",
  sending: "Sending…",
  delivered: "Delivered",
  read: "Read",
  retry: "Retry",
  sendFailed: "The message could not be sent.",
  notAllowed: "The chat is not available on this site",
  connectFailed: "Cannot connect to the chat. Please check your connection — we will keep trying.",
  managerJoined: "A manager has joined the chat",
  managerLeft: "The manager has handed the chat back to the assistant",
  newMessage: "New message",
  unread: (n: number) => `Unread messages: ${n}`,
  counter: (n: number, max: number) => `${n} / ${max}`,
  tooLong: (max: number) => `The message is longer than ${max} characters — please shorten it.`,
  fileTooBig: (name: string, mb: string) => `“${name}” is larger than ${mb} MB.`,
  fileType: (name: string) => `“${name}”: you can attach images, PDF or DOCX files.`,
  fileCount: (max: number) => `You can attach at most ${max} files.`,
  uploadFailed: (name: string) => `“${name}” could not be uploaded.`,
  uploading: (name: string) => `Uploading “${name}”`,
  attachment: "Attachment",
  errors: {
    rate_limited: "Too many messages — please wait a moment and try again.",
    session_message_cap: "This conversation has reached its message limit. Please leave your contacts and a manager will get in touch.",
    daily_message_cap: "You have reached today's message limit. Please come back tomorrow.",
    message_too_long: "The message is too long.",
    too_many_attachments: "Too many attachments.",
    empty_message: "The message is empty.",
    file_too_large: "The file is too large.",
    unsupported_file_type: "This file type is not supported.",
  },
};

export function strings(lang: Lang): Strings {
  return lang === "en" ? en : ru;
}

/** The text to show for a server error: its own Russian message, or an English one by code. */
export function errorText(t: Strings, err: { code?: string; message?: string }, fallback: string): string {
  const byCode = err.code ? t.errors[err.code] : undefined;
  return byCode || err.message || fallback;
}
