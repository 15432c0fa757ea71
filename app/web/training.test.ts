/**
 * Training through the web host, end to end: token-guarded HTTP calls start
 * and control a real session (a worker thread), and its frames come over the
 * WebSocket as binary messages that decode with `decodeFrame`.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import { exampleDocument } from '#src/model/testing/documents';
import type { ModelFile } from '#src/model/types';
import { decodeFrame, type FrameHeader } from '#src/training/frame';
import { REPLAY_HISTORY } from '../services/training';
import type { TrainingEvent } from '../shared/host';
import { decodeWebFrame, type WebEventMessage } from '../shared/ipc';
import { invokeRequest, useSiteServer } from './testing/site';

const token = 'test-token-training-0123';
const client = 'tab-aaaaaaaa';
const site = useSiteServer('bps-web-training-', { token, server: { trainingGraceMs: 1500 } });

async function call(
  channel: string,
  args: unknown[],
  headers: Record<string, string> = { 'x-bps-token': token, 'x-bps-client': client },
): Promise<{ status: number; body: { ok: boolean; error?: string } }> {
  const res = await invokeRequest(site.server.port, channel, args, headers);
  return { status: res.status, body: JSON.parse(res.body) };
}

/** A page's event socket: every training event it hears, frames decoded. */
async function listen(id: string) {
  const ws = new WebSocket(
    `ws://127.0.0.1:${site.server.port}/api/events?token=${token}&client=${id}`,
  );
  const events: { documentId: string; event: TrainingEvent; binary: boolean }[] = [];
  /** The `training:sessions` lists the socket got (one on connecting). */
  const sessions: string[][] = [];
  ws.on('message', (data: RawData, isBinary) => {
    if (isBinary) {
      const bytes = data as Buffer;
      const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const frame = decodeWebFrame(copy as ArrayBuffer)!;
      events.push({
        documentId: frame.documentId,
        event: { type: 'frame', buffer: frame.buffer },
        binary: true,
      });
    } else {
      const message = JSON.parse(String(data)) as WebEventMessage;
      if (message.channel === 'training:sessions') {
        sessions.push((message as WebEventMessage<'training:sessions'>).payload.documentIds);
        return;
      }
      events.push({ ...(message as WebEventMessage<'training:event'>).payload, binary: false });
    }
  });
  await new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('error', reject);
  });
  const frames = (): FrameHeader[] =>
    events.flatMap((e) => (e.event.type === 'frame' ? [decodeFrame(e.event.buffer).header] : []));
  return { ws, events, frames, sessions };
}

async function until(ok: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 8000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const xor = (epochs: number): ModelFile => exampleDocument('xor', { epochs });

describe('training over the web host', () => {
  it('starts XOR, streams binary frames to the page only, pauses with a checkpoint, ends', async () => {
    const page = await listen(client);
    const otherTab = await listen('tab-bbbbbbbb');

    const started = await call('training:start', ['doc-1', xor(1_000_000), null, 'run']);
    expect(started).toEqual({ status: 200, body: { ok: true, result: null } });
    await until(() => page.frames().filter((f) => f.state === 'running').length >= 3, 'frames');

    const first = page.events[0];
    expect(first.binary).toBe(true);
    expect(first.documentId).toBe('doc-1');
    const frame = decodeFrame((first.event as { buffer: ArrayBuffer }).buffer);
    expect(frame.header.edgeIds).toEqual(xor(1).graph.edges.map((e) => e.id));
    expect(frame.edgeStats).toBeInstanceOf(Float32Array);
    expect(frame.edgeStats.length).toBe(3 * xor(1).graph.edges.length);
    expect(Object.keys(frame.params).sort()).toEqual(['dense1', 'dense2']);
    expect(page.frames().at(-1)!.step).toBeGreaterThan(0);

    expect((await call('training:control', ['doc-1', { type: 'pause' }])).status).toBe(200);
    await until(() => page.events.some((e) => e.event.type === 'checkpoint'), 'the checkpoint');
    const checkpoint = page.events.find((e) => e.event.type === 'checkpoint')!;
    expect(checkpoint.binary).toBe(false);
    expect(checkpoint.documentId).toBe('doc-1');
    await until(() => page.frames().at(-1)?.state === 'paused', 'the paused frame');

    const stepped = page.frames().at(-1)!.step;
    await call('training:control', ['doc-1', { type: 'step' }]);
    await until(() => page.frames().at(-1)!.step === stepped + 1, 'one step');

    expect((await call('training:end', ['doc-1'])).status).toBe(200);
    expect(site.services.training.documents(client)).toEqual([]);
    // The other tab heard nothing of this one's session.
    expect(otherTab.events).toEqual([]);
    page.ws.close();
    otherTab.ws.close();
  });

  it('sends the problems of a model that is not valid as a JSON event', async () => {
    const page = await listen(client);
    const bad = { ...xor(10), training: { ...xor(10).training, learningRate: -1 } };
    expect((await call('training:start', ['doc-2', bad, null, 'run'])).status).toBe(200);
    await until(() => page.events.length > 0, 'the problems');
    expect(page.events[0]).toMatchObject({ documentId: 'doc-2', binary: false });
    expect(page.events[0].event).toMatchObject({
      type: 'problems',
      problems: [{ path: 'training.learningRate' }],
    });
    expect(site.services.training.documents(client)).toEqual([]);
    page.ws.close();
  });

  it('refuses training calls without the token or the client id, and bad arguments', async () => {
    const noToken = await call('training:start', ['d', xor(10), null, 'run'], {
      'x-bps-client': client,
    });
    expect(noToken.status).toBe(401);
    const noClient = await call('training:start', ['d', xor(10), null, 'run'], {
      'x-bps-token': token,
    });
    expect(noClient.status).toBe(400);
    expect(noClient.body.error).toContain('x-bps-client');
    const badClient = await call('training:end', ['d'], {
      'x-bps-token': token,
      'x-bps-client': '../../etc',
    });
    expect(badClient.status).toBe(400);
    expect((await call('training:control', ['d', { type: 'explode' }])).status).toBe(400);
    expect((await call('training:start', ['d', 'not a model', null, 'run'])).status).toBe(400);
    expect(site.services.training.documents(client)).toEqual([]);
  });

  it('ends the sessions of a page whose socket is gone for the grace period', async () => {
    const id = 'tab-cccccccc';
    const page = await listen(id);
    await call('training:start', ['doc-3', xor(1_000_000), null, 'run'], {
      'x-bps-token': token,
      'x-bps-client': id,
    });
    await until(() => page.frames().length > 0, 'a frame');
    page.ws.close();
    await until(() => site.services.training.documents(id).length === 0, 'the session to end');

    // A page that comes back within the grace period keeps its session.
    const back = await listen(id);
    await call('training:start', ['doc-4', xor(1_000_000), null, 'run'], {
      'x-bps-token': token,
      'x-bps-client': id,
    });
    back.ws.close();
    const again = await listen(id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(site.services.training.documents(id)).toEqual(['doc-4']);
    await until(() => again.frames().length > 0, 'frames on the new socket');
    again.ws.close();
  });
});

describe('a page whose socket reconnects mid-run', () => {
  it('gets its sessions, the current state and the history it missed, in order', async () => {
    const id = 'tab-dddddddd';
    const headers = { 'x-bps-token': token, 'x-bps-client': id };
    const first = await listen(id);
    await until(() => first.sessions.length === 1, 'the sessions list');
    expect(first.sessions[0]).toEqual([]);
    await call('training:start', ['doc-r', xor(1_000_000), null, 'run'], headers);
    await until(() => first.frames().some((f) => f.history.length > 0), 'some epochs');
    first.ws.close();
    const seen = first.frames().flatMap((f) => f.history.map((r) => r.epoch));
    // Away for a while (shorter than the grace period): the run goes on without the page.
    let missed = 0;
    const stop = site.services.events.subscribe((_channel, _payload, to) => {
      if (to === id) missed++;
    });
    await until(() => missed >= 3, 'frames the page misses');
    stop();

    const back = await listen(id);
    await until(() => back.frames().length > 0, 'a frame on the new socket');
    expect(back.sessions[0]).toEqual(['doc-r']);
    const replay = back.frames()[0];
    expect(replay.state).toBe('running');
    expect(replay.edgeIds).toEqual(xor(1).graph.edges.map((e) => e.id));
    // The run's records from its first epoch (or, for a run past REPLAY_HISTORY epochs, its last
    // REPLAY_HISTORY: XOR at full speed gets there within a second on a busy machine), with no
    // gap, past what the page saw before it left.
    const epochs = replay.history.map((r) => r.epoch);
    expect(epochs[0]).toBe(Math.max(1, epochs.at(-1)! - REPLAY_HISTORY + 1));
    expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => epochs[0] + i));
    expect(epochs.at(-1)).toBeGreaterThan(seen.at(-1)!);
    // Then live frames go on from there.
    await until(() => back.frames().length > 2, 'live frames');
    const next = back.frames()[2].history.map((r) => r.epoch);
    if (next.length) expect(next[0]).toBeGreaterThan(epochs.at(-1)!);
    await call('training:end', ['doc-r'], headers);
    back.ws.close();
  });
});

describe('recovery copies over the web host', () => {
  it('need the token and a client id, and a tab is not offered the copies of tabs still open', async () => {
    const doc = { name: 'xor.bpmodel', path: null };
    const write = (id: string, entry: string) =>
      call('recovery:write', [entry, doc, xor(10)], { 'x-bps-token': token, 'x-bps-client': id });
    const list = async (id: string) => {
      const response = await call('recovery:list', [], {
        'x-bps-token': token,
        'x-bps-client': id,
      });
      return (response.body as unknown as { result: { id: string }[] }).result.map((e) => e.id);
    };
    expect((await call('recovery:list', [], { 'x-bps-client': 'tab-eeeeeeee' })).status).toBe(401);
    const noClient = await call('recovery:write', ['doc-x', doc, xor(10)], {
      'x-bps-token': token,
    });
    expect(noClient.status).toBe(400);
    expect(noClient.body.error).toContain('x-bps-client');
    expect((await write('tab-eeeeeeee', '../escape')).status).toBe(400);

    const open = await listen('tab-eeeeeeee');
    expect((await write('tab-eeeeeeee', 'doc-open')).status).toBe(200);
    expect(await list('tab-ffffffff')).not.toContain('doc-open');
    open.ws.close();
    // Its tab closed: the copy is offered to the next tab, which restores (reads) and discards it.
    let offered: string[] = [];
    for (const end = Date.now() + 8000; !offered.includes('doc-open') && Date.now() < end;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      offered = await list('tab-ffffffff');
    }
    expect(offered).toContain('doc-open');
    const read = await call('recovery:read', ['doc-open'], {
      'x-bps-token': token,
      'x-bps-client': 'tab-ffffffff',
    });
    expect(read.body).toMatchObject({
      ok: true,
      result: { ok: true, entry: { name: 'xor.bpmodel' } },
    });
    await call('recovery:discard', ['doc-open'], {
      'x-bps-token': token,
      'x-bps-client': 'tab-ffffffff',
    });
    expect(await list('tab-ffffffff')).toEqual([]);
  });
});
