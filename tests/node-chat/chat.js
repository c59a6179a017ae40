// Drives PayDesk's chat hub with the official @microsoft/signalr client, as a third-party site would:
// start a chat through the public API, connect with the visitor token, send, and (drop mode) lose the
// connection right after a Send — a graceful stop, a fire-and-forget send then stop, or the whole
// process killed — then reconnect and resend with the same client message id, as the widget does.
// Prints one JSON line: {"trials":N,"answered":N,"unanswered":[...],"duplicates":[...],"conversations":[...]}.
'use strict';
const signalR = require('@microsoft/signalr');
const { spawn } = require('node:child_process');

function args() {
  const a = { base: '', trials: 1, mode: 'normal', token: '', id: '', text: '' };
  for (let i = 2; i < process.argv.length; i += 2) a[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  a.trials = Number(a.trials);
  return a;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function connect(base, token) {
  return new signalR.HubConnectionBuilder()
    .withUrl(base + '/hubs/chat?visitor=' + encodeURIComponent(token), { withCredentials: false })
    .configureLogging(signalR.LogLevel.None)
    .build();
}

async function start(base, trial) {
  const response = await fetch(base + '/api/v1/chat/conversations?culture=zh-CN', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Node 访客 ' + trial, locale: 'zh-CN', pageUrl: 'https://shop.example.cn/checkout' }),
  });
  if (!response.ok) throw new Error('start chat: ' + response.status + ' ' + await response.text());
  return response.json();
}

/** Waits for the assistant's answer to the visitor message with this id (a bot message after it). */
async function answered(connection, clientMessageId) {
  // Up to 20 s: the claim is that every message is answered, not how fast on a loaded test machine.
  for (let poll = 0; poll < 400; poll++) {
    const history = await connection.invoke('History', 0);
    const mine = history.filter((m) => m.clientMessageId === clientMessageId);
    if (mine.length > 1) return { stored: mine.length, answered: false };
    if (mine.length === 1 && history.some((m) => m.fromBot && m.id > mine[0].id)) return { stored: 1, answered: true };
    await sleep(50);
  }
  return { stored: 1, answered: false };
}

/** The child of the "kill" variant: connects, invokes Send and waits to be killed. */
async function child(a) {
  const connection = connect(a.base, a.token);
  await connection.start();
  process.stdout.write('invoking\n');
  connection.invoke('Send', a.id, a.text).catch(() => {});
  await sleep(60000);
}

function killedSend(a, token, id, text, delay) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [__filename, '--mode', 'child', '--base', a.base, '--token', token, '--id', id, '--text', text], { stdio: ['ignore', 'pipe', 'ignore'] });
    p.stdout.on('data', (d) => { if (String(d).includes('invoking')) setTimeout(() => p.kill('SIGKILL'), delay); });
    p.on('exit', () => resolve());
  });
}

async function main() {
  const a = args();
  if (a.mode === 'child') return child(a);
  const result = { trials: a.trials, answered: 0, unanswered: [], duplicates: [], conversations: [] };
  for (let trial = 0; trial < a.trials; trial++) {
    const chat = await start(a.base, trial);
    result.conversations.push(chat.conversation.id);
    let connection = connect(a.base, chat.token);
    await connection.start();
    const hello = await connection.invoke('Send', 'hello-' + trial, '你好');
    const greeted = await answered(connection, hello.clientMessageId);
    if (!greeted.answered) result.unanswered.push('hello-' + trial);

    const id = 'node-' + a.mode + '-' + trial;
    const text = '退款一般多久到账？';
    if (a.mode === 'drop') {
      const delay = Math.floor(Math.random() * 40);
      switch (trial % 3) {
        case 0: { // invoke, then the page goes away mid-call
          const pending = connection.invoke('Send', id, text).catch(() => {});
          await sleep(delay);
          await connection.stop();
          await pending;
          break;
        }
        case 1: // fire-and-forget send, the connection stopped at once
          await connection.send('Send', id, text).catch(() => {});
          await connection.stop();
          break;
        default: // the visitor's process dies while the call is on the wire
          await connection.stop();
          await killedSend(a, chat.token, id, text, delay);
      }
      // The client never heard back: reconnect and resend the same id, as the widget does.
      connection = connect(a.base, chat.token);
      await connection.start();
    }
    const resent = await connection.invoke('Send', id, text);
    const outcome = await answered(connection, resent.clientMessageId);
    if (outcome.stored > 1) result.duplicates.push(id);
    if (outcome.answered) result.answered++; else result.unanswered.push(id);
    await connection.stop();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().then(() => process.exit(0), (e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });
