/*
 * The agent's live chat console: the waiting queue and several chats at once, over the same
 * SignalR hub as the customer widget (signed in with the agent's cookie).
 */
(function () {
    'use strict';
    var root = document.getElementById('chat-console');
    if (!root || root.getAttribute('data-started')) return;
    root.setAttribute('data-started', '1');
    var T = JSON.parse(root.getAttribute('data-texts'));
    var me = root.getAttribute('data-agent');
    var queueList = root.querySelector('[data-role=queue]');
    var tabs = root.querySelector('[data-role=tabs]');
    var panes = root.querySelector('[data-role=panes]');
    var statusLine = root.querySelector('[data-role=status]');
    var chats = {}; // id -> { conversation, pane, log, lastId, pending }
    var connection = new signalR.HubConnectionBuilder().withUrl('/hubs/chat').withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 30000]).build();

    function el(tag, attrs, children) {
        var e = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (k) {
            if (k === 'text') e.textContent = attrs[k]; else if (k.indexOf('on') === 0) e.addEventListener(k.slice(2), attrs[k]); else e.setAttribute(k, attrs[k]);
        });
        (children || []).forEach(function (c) { e.appendChild(c); });
        return e;
    }
    function uuid() { return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/-/g, '').slice(0, 32); }
    function time(iso) { return new Date(iso).toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' }); }
    function fail(e) { statusLine.textContent = (e && e.message) || String(e); }

    var queue = {};
    function showQueue(c) {
        if (c.status === 'ended' || (c.status === 'active' && c.agentName !== me)) delete queue[c.id]; else queue[c.id] = c;
        queueList.textContent = '';
        var waiting = Object.keys(queue).map(function (k) { return queue[k]; }).filter(function (x) { return x.status === 'waiting'; });
        if (!waiting.length) queueList.appendChild(el('li', { class: 'muted', text: T.QueueEmpty }));
        waiting.sort(function (a, b) { return a.startedAt < b.startedAt ? -1 : 1; }).forEach(function (x) {
            queueList.appendChild(el('li', { 'data-testid': 'queue-item' }, [
                el('span', { text: x.visitorName + (x.contact ? ' · ' + x.contact : '') + ' · ' + time(x.startedAt) + (x.handOffNote ? '\n' + x.handOffNote : '') }),
                el('button', { type: 'button', class: 'button', 'data-testid': 'accept-chat', text: T.Accept, onclick: function () { accept(x.id); } })]));
        });
    }

    function accept(id) {
        connection.invoke('AgentAccept', id).then(function (messages) { open(queue[id] || { id: id, visitorName: '' }, messages); }).catch(fail);
    }

    function open(conversation, messages) {
        var chat = chats[conversation.id];
        if (!chat) {
            var log = el('div', { class: 'chat-log', role: 'log', 'aria-live': 'polite', 'data-testid': 'agent-chat-log' });
            var typing = el('div', { class: 'muted typing' });
            var input = el('textarea', { 'aria-label': T.Message, placeholder: T.Message, 'data-testid': 'agent-chat-input' });
            var subject = el('input', { type: 'text', 'aria-label': T.Subject, placeholder: T.Subject });
            chat = chats[conversation.id] = { conversation: conversation, log: log, typing: typing, lastId: 0, pending: [] };
            input.addEventListener('keydown', function (e) { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(conversation.id, input); } });
            var typingSent = 0;
            input.addEventListener('input', function () {
                if (Date.now() - typingSent > 3000) { typingSent = Date.now(); connection.invoke('AgentTyping', conversation.id, true).catch(function () { }); }
            });
            chat.pane = el('section', { class: 'chat-pane', 'aria-label': conversation.visitorName, hidden: '' }, [
                el('h2', { text: conversation.visitorName + (conversation.contact ? ' · ' + conversation.contact : '') }),
                conversation.handOffNote ? el('p', { class: 'callout handoff', 'data-testid': 'handoff-note', text: conversation.handOffNote }) : el('span', {}),
                chat.unproven = el('p', { class: 'callout warn', 'data-testid': 'unproven-claim', text: T.UnprovenClaim, hidden: '' }),
                log, typing,
                el('div', { class: 'chat-compose' }, [input, el('button', { type: 'button', class: 'button primary', 'data-testid': 'agent-chat-send', text: T.Send, onclick: function () { send(conversation.id, input); } })]),
                el('div', { class: 'chat-end' }, [subject,
                    chat.fileButton = el('button', { type: 'button', class: 'button', 'data-testid': 'end-with-complaint', text: T.EndWithComplaint, onclick: function () { end(conversation.id, true, subject.value); } }),
                    el('button', { type: 'button', class: 'button', 'data-testid': 'end-chat', text: T.End, onclick: function () { end(conversation.id, false, null); } })])]);
            chat.tab = el('button', { type: 'button', role: 'tab', class: 'chat-tab', text: conversation.visitorName || '…', onclick: function () { focus(conversation.id); } });
            tabs.appendChild(chat.tab);
            panes.appendChild(chat.pane);
        }
        showClaim(chat);
        (messages || []).forEach(function (m) { render(m); });
        focus(conversation.id);
    }

    // The customer beside the chat (issue 18): profile (masked), open complaints, recent transactions once verified.
    var contextBox = root.querySelector('[data-role=context]');
    function showContext(id) {
        if (!contextBox) return;
        fetch('/api/v1/chat/conversations/' + encodeURIComponent(id) + '/context', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (c) {
                contextBox.textContent = '';
                // Never leave the previous chat's customer beside this one.
                if (!c) { contextBox.appendChild(el('p', { class: 'muted', text: T['Workspace.NoCustomer'] })); return; }
                contextBox.appendChild(el('h2', { text: T['Customer.Title'] }));
                if (!c.customer) { contextBox.appendChild(el('p', { class: 'muted', text: T['Workspace.NoCustomer'] })); return; }
                var p = c.customer;
                // Only typed by the visitor: whoever this is may not be the customer, and must not hear the customer's details.
                if (c.unprovenClaim) contextBox.appendChild(el('p', { class: 'callout warn', 'data-testid': 'context-unproven', text: T['Workspace.UnprovenCustomer'] }));
                contextBox.appendChild(el('p', {}, [el('a', { href: '/customers/' + p.id, 'data-testid': 'context-customer', text: p.name }),
                    el('span', { class: 'muted', text: ' · ' + (T['CustomerKind.' + p.kind] || p.kind) })]));
                var facts = el('dl', { class: 'facts' });
                [['Customer.Phone', p.phone], ['Customer.Email', p.email], ['Customer.IdNumber', p.idNumber]].forEach(function (f) {
                    facts.appendChild(el('dt', { text: T[f[0]] })); facts.appendChild(el('dd', { text: f[1] || '—' }));
                });
                contextBox.appendChild(facts);
                contextBox.appendChild(el('h3', { text: T['Workspace.OpenComplaints'] + ' (' + c.openComplaints.length + ')' }));
                if (!c.openComplaints.length) contextBox.appendChild(el('p', { class: 'muted', text: T['Workspace.NoneOpen'] }));
                else contextBox.appendChild(el('ul', { 'data-testid': 'context-complaints' }, c.openComplaints.map(function (t) {
                    return el('li', {}, [el('a', { href: '/tickets/' + t.number, text: t.number }), el('span', { text: (t.subject ? ' ' + t.subject : '') + ' · ' }),
                        el('span', { class: 'badge Status-' + t.status, text: T['Status.' + t.status] || t.status })]);
                })));
                contextBox.appendChild(el('h3', { text: T['Workspace.RecentTransactions'] }));
                if (c.paymentsUnavailable) contextBox.appendChild(el('p', { class: 'muted', 'data-testid': 'context-payments-down', text: T['Payments.Unavailable'] }));
                else if (!c.transactions) contextBox.appendChild(el('p', { class: 'muted', text: T['Workspace.VerifyForTransactions'] }));
                else if (!c.transactions.length) contextBox.appendChild(el('p', { class: 'muted', text: T['Workspace.NoTransactions'] }));
                else contextBox.appendChild(el('ul', { 'data-testid': 'context-transactions' }, c.transactions.map(function (t) {
                    // As every other screen writes them: 2026-12-05 14:30 in the centre's time, 1,309.52 CNY (it read 2026/12/5 and 1309.52).
                    return el('li', {}, [el('span', { text: when(t.occurredAt) + ' ' + t.merchant + ' ' }),
                        el('span', { class: 'num', text: t.amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' ' + t.currency }),
                        el('span', { class: 'muted', text: ' · ' + (T['PaymentStatus.' + t.status] || t.status) })]);
                })));
            }).catch(function () { });
    }

    var centreTime = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    function when(iso) {
        var p = {};
        centreTime.formatToParts(new Date(iso)).forEach(function (x) { p[x.type] = x.value; });
        return p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute;
    }

    function focus(id) {
        var none = root.querySelector('[data-role=no-chat]');
        if (none) none.remove();
        showContext(id);
        Object.keys(chats).forEach(function (k) {
            var selected = k === id;
            if (selected) chats[k].pane.removeAttribute('hidden'); else chats[k].pane.setAttribute('hidden', '');
            chats[k].tab.setAttribute('aria-selected', String(selected));
            if (selected) chats[k].tab.classList.remove('unread');
        });
        var chat = chats[id];
        if (chat && chat.lastId) connection.invoke('AgentRead', id, chat.lastId).catch(function () { });
    }

    /** The file as a link; an image also as a thumbnail (the type was checked by content when it was kept). */
    function attachment(m) {
        var href = '/api/v1/attachments/' + m.attachmentId;
        var link = el('a', { class: 'chat-attachment', href: href, target: '_blank', rel: 'noopener', 'data-testid': 'console-attachment' });
        if (/\.(png|jpe?g|gif|webp)$/i.test(m.body)) {
            var img = el('img', { class: 'thumb', src: href, alt: m.body.replace(/^(?:📎|\[(?:附件|File)\])\s*/, '') });
            img.addEventListener('error', function () { img.remove(); });
            link.appendChild(img);
        }
        link.appendChild(el('span', { text: m.body.replace(/^(?:📎|\[(?:附件|File)\])\s*/, '') }));
        return link;
    }

    function render(m) {
        var chat = chats[m.conversationId];
        if (!chat) return;
        var node = chat.log.querySelector('[data-id="' + m.clientMessageId + '"]');
        if (!node) {
            node = el('div', { class: 'chat-msg ' + (m.fromSystem ? 'sys' : m.fromCustomer ? 'them' : m.fromBot ? 'bot' : 'me'), 'data-id': m.clientMessageId }, [
                el('span', { class: 'muted', text: (m.fromSystem ? '' : m.senderName + ' · ') + time(m.createdAt) }),
                m.attachmentId ? attachment(m) : el('p', { text: m.body })]);
            chat.log.appendChild(node);
            chat.log.scrollTop = chat.log.scrollHeight;
        }
        if (m.id) {
            node.setAttribute('data-server-id', String(m.id));
            chat.pending = chat.pending.filter(function (p) { return p.clientMessageId !== m.clientMessageId; });
            if (m.id > chat.lastId) chat.lastId = m.id;
            if (m.fromCustomer) {
                chat.typing.textContent = '';
                if (chat.pane.hasAttribute('hidden')) chat.tab.classList.add('unread');
                else connection.invoke('AgentRead', m.conversationId, m.id).catch(function () { });
            }
        }
    }

    function send(id, input) {
        var body = input.value.trim();
        if (!body) return;
        var m = { clientMessageId: uuid(), body: body, conversationId: id, senderName: me, createdAt: new Date().toISOString() };
        chats[id].pending.push(m);
        input.value = '';
        render(m);
        deliver(id, m);
    }

    function deliver(id, m) {
        return connection.invoke('AgentSend', id, m.clientMessageId, m.body).then(render).catch(function (e) { if (connection.state === 'Connected') fail(e); });
    }

    // A visitor whose contact is an existing customer's, not yet proved: no complaint on that record (the server refuses it too).
    function showClaim(chat) {
        var unproven = !!chat.conversation.unprovenClaim;
        chat.unproven.hidden = !unproven;
        if (!chat.ended) chat.fileButton.disabled = unproven;
    }

    function end(id, complaint, subject) {
        connection.invoke('AgentEnd', id, complaint, subject || null).then(function (c) {
            var chat = chats[id];
            chat.ended = true;
            chat.pane.querySelectorAll('textarea,button,input').forEach(function (x) { x.disabled = true; });
            statusLine.textContent = c.ticketId ? T.ComplaintOpened : T.Ended;
            if (c.ticketId) chat.pane.appendChild(el('a', { href: '/tickets/' + c.ticketId, 'data-testid': 'chat-ticket-link', text: T.OpenComplaint }));
        }).catch(fail);
    }

    connection.on('queue', showQueue);
    connection.on('message', render);
    connection.on('status', function (c) { if (chats[c.id]) { chats[c.id].conversation = c; showClaim(chats[c.id]); } showQueue(c); });
    connection.on('typing', function (e) { var c = chats[e.conversationId]; if (c && e.fromCustomer) c.typing.textContent = e.on ? T.CustomerTyping : ''; });
    connection.on('read', function (e) {
        var c = chats[e.conversationId];
        if (!c || !e.byCustomer) return;
        c.log.querySelectorAll('.chat-msg.me').forEach(function (n) {
            var id = Number(n.getAttribute('data-server-id'));
            if (id && id <= e.upTo && !n.querySelector('.read')) n.appendChild(el('span', { class: 'muted read', text: T.Read }));
        });
    });
    connection.onreconnecting(function () { statusLine.textContent = T.Reconnecting; });
    connection.onreconnected(sync);
    // Closed for good: the session ended (signed out elsewhere, deactivated, password changed) or reconnecting gave up.
    // Say so and offer a reload (which signs in again if needed) rather than a console that silently stops receiving;
    // not reloaded by itself, so a reply typed but not sent is not lost.
    connection.onclose(function () {
        statusLine.textContent = T.Closed + ' ';
        var reload = el('button', { type: 'button', class: 'button secondary', text: T.Reload, 'data-testid': 'console-reload' });
        reload.addEventListener('click', function () { location.reload(); });
        statusLine.appendChild(reload);
        root.setAttribute('data-closed', '1');
    });

    function sync() {
        statusLine.textContent = '';
        return connection.invoke('AgentQueue').then(function (list) {
            list.forEach(showQueue);
            // Nobody waiting: say so, instead of leaving "connecting…" up while connected.
            if (!list.length) { queueList.textContent = ''; queueList.appendChild(el('li', { class: 'muted', text: T.QueueEmpty })); }
            // Rejoin my chats, catch up, then resend what did not reach the server.
            return Promise.all(list.filter(function (c) { return c.status === 'active'; }).map(function (c) {
                var known = chats[c.id];
                return connection.invoke('AgentOpen', c.id, known ? known.lastId : 0).then(function (messages) {
                    open(c, messages);
                    return Promise.all(chats[c.id].pending.map(function (m) { return deliver(c.id, m); }));
                });
            }));
        }).catch(fail);
    }

    connection.start().then(sync).catch(fail);
})();
