"""The demo price list seeded on first start; it matches knowledge_base/prices/."""

from __future__ import annotations

from typing import Any

DEFAULT_PRICE_LIST: dict[str, Any] = {
    "validity_days": 14,
    "products": [
        {
            "code": "ai-manager",
            "name": "ИИ-Менеджер",
            "description": "ИИ-ассистент продаж: отвечает клиентам в чатах, квалифицирует заявки, "
            "считает стоимость и передаёт сделки в CRM.",
        },
        {
            "code": "ai-lawyer",
            "name": "ИИ-Юрист",
            "description": "Проверка договоров, выявление рисков, библиотека формулировок и ответы "
            "на правовые вопросы по внутренним регламентам.",
        },
        {
            "code": "ai-analyst",
            "name": "ИИ-Аналитик",
            "description": "Ответы на вопросы по данным компании простым языком, дашборды, "
            "уведомления об отклонениях и еженедельные отчёты.",
        },
    ],
    "packages": [
        {
            "code": "start",
            "name": "Старт",
            "includes": [
                "Облачное размещение",
                "Стандартный SLA",
                "До 50 пользователей и до 2 интеграций",
                "Поддержка по email в рабочие дни",
                "Запуск за 2 недели",
            ],
            "rule": {
                "hosting": ["cloud"],
                "sla": ["standard"],
                "max_users": 50,
                "max_integrations": 2,
            },
        },
        {
            "code": "optimum",
            "name": "Оптимум",
            "includes": [
                "Облако или гибридное размещение",
                "SLA до 99,5 %",
                "До 200 пользователей и до 10 интеграций",
                "Расширенные интеграции",
                "Персональный менеджер",
                "Запуск за 3–4 недели",
            ],
            "timeline": "3–4 недели",
            "rule": {
                "hosting": ["cloud", "hybrid"],
                "sla": ["standard", "99.5"],
                "max_users": 200,
                "max_integrations": 10,
            },
        },
        {
            "code": "enterprise",
            "name": "Enterprise",
            "includes": [
                "Любое размещение, включая on-premise",
                "SLA до 99,9 %",
                "Любое число пользователей и интеграций",
                "Доработки под процессы компании",
                "Выделенная команда поддержки 24/7",
                "Запуск за 6–10 недель",
            ],
            "timeline": "6–10 недель",
            "rule": {},
        },
    ],
    "base_prices": {
        "ai-manager": {"start": "150000", "optimum": "350000", "enterprise": "900000"},
        "ai-lawyer": {"start": "200000", "optimum": "450000", "enterprise": "1100000"},
        "ai-analyst": {"start": "180000", "optimum": "400000", "enterprise": "1000000"},
    },
    "coefficients": {
        "users": [
            {"from": 1, "to": 10, "multiplier": "1.0"},
            {"from": 11, "to": 50, "multiplier": "1.5"},
            {"from": 51, "to": 200, "multiplier": "2.0"},
            {"from": 201, "to": None, "multiplier": "3.0"},
        ],
        "integrations": [
            {"from": 0, "to": 2, "multiplier": "1.0"},
            {"from": 3, "to": 5, "multiplier": "1.3"},
            {"from": 6, "to": 10, "multiplier": "1.7"},
            {"from": 11, "to": None, "multiplier": "2.2"},
        ],
        "deadline": [
            {"from": 0, "to": 6, "multiplier": "2.0"},
            {"from": 7, "to": 13, "multiplier": "1.5"},
            {"from": 14, "to": None, "multiplier": "1.0"},
        ],
        "hosting": {"cloud": "1.0", "hybrid": "1.5", "onprem": "2.5"},
        "sla": {"standard": "1.0", "99.5": "1.3", "99.9": "1.8"},
    },
}
