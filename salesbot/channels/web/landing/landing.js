/* Landing page: menu, chat opener, price calculator, contact form. ES2019, no dependencies. */
(() => {
  'use strict';
  // Limits from salesbot/pricing/domain.py
  const MAX = { users: 100000, integrations: 1000, deadline_days: 3650 };
  const $ = (s, root) => (root || document).querySelector(s);
  const nf = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });
  const rub = (total) => nf.format(Number(total)) + '\u00a0₽';
  const el = (tag, cls, text) => {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  };
  const plural = (n, forms) => {
    const a = n % 100, b = n % 10;
    return forms[a > 10 && a < 20 ? 2 : b === 1 ? 0 : b > 1 && b < 5 ? 1 : 2];
  };
  const tooMany = (sec, what) => `Слишком много ${what}, попробуйте ` +
    (sec ? `через ${sec} ${plural(sec, ['секунду', 'секунды', 'секунд'])}.` : 'немного позже.');
  const isRu = (s) => /[а-я]/i.test(s);
  // The generic 422 text points to `details`: say it plainly.
  const friendly = (err) => (err.status === 422 && (/details/.test(err.message) || !isRu(err.message))
    ? 'Проверьте правильность заполнения полей.' : err.message);

  /* == API: failures are {"error": {code, message, details}} == */
  async function post(url, body, signal) {
    let res, data = null;
    try {
      res = await fetch(url, {
        method: 'POST', signal, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' },
      });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw Object.assign(new Error('Нет связи с сервером. Проверьте подключение к интернету и попробуйте ещё раз.'), { status: 0 });
    }
    try { data = await res.json(); } catch (_) { /* not JSON: keep null */ }
    if (res.ok && data && typeof data === 'object') return data;
    const info = (data && data.error) || {};
    const st = res.ok ? 500 : res.status;
    const e = new Error(info.message && typeof info.message === 'string' ? info.message
      : st >= 500 || st === 404 || st === 405
        ? 'Сервис временно недоступен. Попробуйте позже или напишите нам на sales@neurocode.example.'
        : `Ошибка запроса (код ${st}). Попробуйте ещё раз.`);
    Object.assign(e, { status: st, details: info.details });
    if (st === 429) {
      const raw = res.headers.get('Retry-After') || (info.details || {}).retry_after || '';
      const sec = /^\s*\d+\s*$/.test(raw) ? +raw : (Date.parse(raw) - Date.now()) / 1000; // or an HTTP date
      e.retryAfter = sec > 0 ? Math.ceil(sec) : 0;
    }
    throw e;
  }

  // 422 details → [{field, message}] from {field, message}, {loc, msg} or {loc, message}.
  const fieldErrors = (details) => [].concat(details || []).filter((d) => d && typeof d === 'object')
    .map((d) => ({
      field: String(d.field || (Array.isArray(d.loc) ? d.loc.filter((p) => p !== 'body').pop() || '' : '')),
      message: String(d.message || d.msg || '').replace(/^Value error,\s*/i, ''),
    }));

  function setError(input, msg) {
    const box = document.getElementById(input.id + '-error');
    if (msg) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    if (box) { box.textContent = msg || ''; box.hidden = !msg; }
  }
  function alertBox(box, msg, retry) {
    box.textContent = msg;
    if (retry) {
      const b = el('button', 'btn btn--ghost btn--small', 'Повторить');
      b.type = 'button';
      b.onclick = retry;
      box.append(document.createElement('br'), b);
    }
    box.hidden = false;
  }

  /* == menu & chat == */
  const toggle = $('.nav-toggle'), nav = $('#site-nav');
  const setNav = (open) => { toggle.setAttribute('aria-expanded', open); nav.classList.toggle('is-open', open); };
  const closeNav = () => setNav(false);
  toggle.addEventListener('click', () => setNav(toggle.getAttribute('aria-expanded') !== 'true'));
  nav.addEventListener('click', (e) => { if (e.target.closest('a')) closeNav(); });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && nav.classList.contains('is-open')) { closeNav(); toggle.focus(); }
  });

  const contactForm = $('#contact-form');
  const cf = contactForm.elements;

  // Opens the chat widget; if it is not loaded, leads to the contact form instead.
  function openChat() {
    const w = window.SalesbotWidget;
    if (w && typeof w.open === 'function') return w.open();
    $('#contact').scrollIntoView();
    if (!contactForm.hidden) cf.name.focus({ preventScroll: true });
  }
  document.addEventListener('click', (e) => {
    const opener = e.target.closest('[data-open-chat]');
    if (!opener) return;
    e.preventDefault();
    closeNav();
    openChat();
  });

  /* == calculator: POST /api/v1/quotes → QuoteOut == */
  const calc = $('#calc-form');
  const f = calc.elements;
  const range = $('#calc-users-range');
  const result = $('[data-testid="calc-result"]');
  const spinner = $('[data-testid="calc-spinner"]');
  const calcError = $('[data-testid="calc-error"]');
  let last = null, lastKey = '', ctrl = null, timer = 0, started = false;

  const int = (raw, min, max) => (/^\d+$/.test(raw.trim()) && +raw >= min && +raw <= max ? +raw : null);
  const checked = (name) => calc.querySelector(`input[name="${name}"]:checked`);

  function brief() {
    const users = int(f.users.value, 1, MAX.users);
    const integrations = int(f.integrations.value, 0, MAX.integrations);
    const rawDl = f.deadline_days.value.trim();
    const dl = rawDl ? int(rawDl, 0, MAX.deadline_days) : null;
    setError(f.users, users === null && `Укажите целое число от 1 до ${nf.format(MAX.users)}.`);
    setError(f.integrations, integrations === null && `Укажите целое число от 0 до ${nf.format(MAX.integrations)}.`);
    setError(f.deadline_days, rawDl && dl === null && `Укажите от 0 до ${nf.format(MAX.deadline_days)} дней или оставьте поле пустым.`);
    if (users === null || integrations === null || (rawDl && dl === null)) return null;
    return {
      product: f.product.value, users, integrations,
      hosting: checked('hosting').value,
      sla: checked('sla').value,
      deadline_days: dl,
    };
  }

  function busy(on) {
    spinner.hidden = !on;
    result.classList.toggle('is-busy', on);
    result.setAttribute('aria-busy', on);
  }
  const schedule = () => { started = true; clearTimeout(timer); timer = setTimeout(quote, 250); };

  async function quote() {
    clearTimeout(timer);
    started = true;
    const b = brief();
    if (!b) { // invalid: send nothing
      if (ctrl) ctrl.abort();
      ctrl = null;
      calcError.hidden = true;
      return busy(false);
    }
    const key = JSON.stringify(b);
    if (key === lastKey && last && !ctrl) return;
    if (ctrl) ctrl.abort(); // drop the stale request
    const mine = (ctrl = new AbortController());
    busy(true);
    calcError.hidden = true;
    try {
      const data = await post('/api/v1/quotes', b, mine.signal);
      if (ctrl !== mine) return;
      if (!Array.isArray(data.packages)) throw Object.assign(new Error('Не удалось получить расчёт.'), { status: 500 });
      lastKey = key;
      last = data;
      render(data);
    } catch (err) {
      if (err.name === 'AbortError' || ctrl !== mine) return;
      lastKey = '';
      last = null;
      result.replaceChildren(el('p', 'calc__placeholder', 'Стоимость появится здесь после расчёта.'));
      if (err.status === 422) {
        fieldErrors(err.details).forEach((x) => {
          if (['users', 'integrations', 'deadline_days'].includes(x.field)) setError(f[x.field], isRu(x.message) ? x.message : 'Проверьте значение.');
        });
      }
      alertBox(calcError, err.status === 429 ? tooMany(err.retryAfter, 'запросов') : friendly(err),
        err.status === 429 || err.status === 422 ? null : () => { lastKey = ''; quote(); });
    } finally {
      if (ctrl === mine) { ctrl = null; busy(false); }
    }
  }

  function render(q) {
    const out = document.createDocumentFragment();
    if (!q.recommended && q.recommendation_reason) out.append(el('p', 'calc__note', q.recommendation_reason));
    q.packages.forEach((p) => {
      const rec = p.code === q.recommended;
      const card = el('article', 'pkg' + (rec ? ' pkg--recommended' : '') + (p.available ? '' : ' pkg--unavailable'));
      Object.assign(card.dataset, { testid: 'calc-package', code: p.code, total: p.total });
      if (rec) card.append(el('p', 'pkg__tag', 'Рекомендуем'));
      card.append(el('h3', 'pkg__name', p.name), el('p', 'pkg__price', rub(p.total)));
      if (p.timeline) card.append(el('p', 'pkg__timeline', `Запуск: ${p.timeline}`));
      if (rec && q.recommendation_reason) card.append(el('p', 'pkg__reason', q.recommendation_reason));
      if (!p.available) card.append(el('p', 'pkg__reason', `Не подходит: ${(p.unavailable_reason || 'параметры выходят за рамки пакета').replace(/\.$/, '')}.`));
      if ((p.includes || []).length) {
        const ul = el('ul', 'ticks');
        p.includes.forEach((i) => ul.append(el('li', '', i)));
        card.append(ul);
      }
      out.append(card);
    });
    const until = q.valid_until && new Date(`${q.valid_until}T00:00:00`);
    if (until && !isNaN(until)) {
      out.append(el('p', 'calc__valid', `Расчёт действителен до ${until.toLocaleDateString('ru-RU', { day: 'numeric', month: 'long', year: 'numeric' }).replace(/\.$/, '')}.`));
    }
    result.replaceChildren(out);
  }

  calc.addEventListener('submit', (e) => { e.preventDefault(); quote(); });
  calc.addEventListener('input', (e) => {
    if (e.target === range) f.users.value = range.value;
    else if (e.target === f.users && int(f.users.value, 1, MAX.users)) range.value = Math.min(+f.users.value, +range.max);
    schedule();
  });
  calc.addEventListener('change', schedule);
  document.querySelectorAll('[data-product]').forEach((a) => a.addEventListener('click', () => { f.product.value = a.dataset.product; schedule(); }));
  // Quotes are stored server-side: price only once the visitor reaches the calculator.
  if ('IntersectionObserver' in window) {
    const io = new IntersectionObserver((entries) => {
      if (!entries.some((x) => x.isIntersecting)) return;
      io.disconnect();
      if (!started) quote();
    }, { rootMargin: '200px 0px' });
    io.observe($('#calculator'));
  } else quote();

  /* == contact form: POST /api/v1/leads/contact-form == */
  const formError = $('[data-testid="form-error"]');
  const submit = $('[data-testid="form-submit"]');
  const success = $('[data-testid="form-success"]');
  const reach = $('#contact-reach-hint');
  const reachHint = reach.textContent;
  const counter = $('#contact-message-count');
  const ORDER = ['name', 'phone', 'email', 'company', 'message', 'consent'];
  let attempted = false, sending = false;

  const val = (n) => cf[n].value.trim();
  const digits = (s) => s.replace(/\D/g, '');
  const rules = {
    name: (v) => (v.length < 2 || v.length > 100) && 'Укажите имя — от 2 до 100 символов.',
    // the server's rule (salesbot/leads/contact_form.py)
    phone: (v) => v && !(/^([78]\d{10}|9\d{9})$/.test(digits(v)) || (v[0] === '+' && /^\d{10,15}$/.test(digits(v)))) &&
      'Проверьте номер телефона, например +7 900 123-45-67.',
    email: (v) => v && (v.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) && 'Проверьте адрес почты.',
    company: (v) => v.length > 200 && 'Не длиннее 200 символов.',
    message: (v) => v.length > 2000 && 'Не длиннее 2000 символов.',
    consent: () => !cf.consent.checked && 'Подтвердите согласие на обработку персональных данных.',
  };
  const check = (n) => {
    const msg = rules[n](val(n));
    setError(cf[n], msg);
    return !msg;
  };
  function checkReach() {
    const none = !val('phone') && !val('email');
    reach.textContent = none ? 'Укажите телефон или электронную почту, чтобы мы могли ответить.' : reachHint;
    reach.classList.toggle('hint--error', none);
    if (none) ['phone', 'email'].forEach((n) => cf[n].setAttribute('aria-invalid', 'true'));
    return !none;
  }

  contactForm.addEventListener('input', (e) => {
    const n = e.target.name;
    if (n === 'message') counter.textContent = `${cf.message.value.length} / 2000`;
    if (!attempted || !rules[n]) return;
    check(n);
    if (n === 'phone' || n === 'email') { check(n === 'phone' ? 'email' : 'phone'); checkReach(); }
  });

  function sendingState(on) {
    sending = on;
    submit.disabled = on;
    submit.setAttribute('aria-busy', on);
    $('.spinner__icon', submit).hidden = !on;
    $('.btn__label', submit).textContent = on ? 'Отправляем…' : 'Отправить заявку';
  }

  contactForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (sending) return;
    attempted = true;
    formError.hidden = true;
    const bad = ORDER.filter((n) => !check(n));
    if (!checkReach()) bad.push('phone');
    if (bad.length) return cf[ORDER.find((n) => bad.includes(n))].focus();
    sendingState(true);
    try {
      const data = await post('/api/v1/leads/contact-form', {
        name: val('name'), phone: val('phone'), email: val('email'),
        company: val('company'), message: val('message'), consent: cf.consent.checked, website: cf.website.value,
      });
      contactForm.hidden = true;
      $('.success__text', success).textContent = data.message || 'Спасибо! Мы свяжемся с вами в рабочее время.';
      success.hidden = false;
      success.focus();
    } catch (err) {
      let first = null;
      if (err.status === 422) {
        fieldErrors(err.details).forEach((x) => {
          if (!ORDER.includes(x.field)) return;
          setError(cf[x.field], isRu(x.message) ? x.message : rules[x.field](val(x.field)) || 'Проверьте это поле.');
          first = first || cf[x.field];
        });
      }
      alertBox(formError, err.status === 429 ? tooMany(err.retryAfter, 'заявок подряд') : friendly(err));
      if (first) first.focus();
    } finally {
      sendingState(false);
    }
  });

  $('#contact-again').addEventListener('click', () => {
    contactForm.reset();
    counter.textContent = '0 / 2000';
    attempted = false;
    success.hidden = true;
    contactForm.hidden = false;
    cf.name.focus();
  });
})();
