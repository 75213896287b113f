import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { endianness, networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.js';

// DynamoDB Local takes any credentials: listening beyond loopback would hand the table to the network.

/** This machine's addresses other than loopback (link-local IPv6 left out: it needs a scope to connect). */
const otherAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((address) => address !== undefined && !address.internal && !address.address.startsWith('fe80:'))
  .map((address) => address!.address);

/** The local addresses of the TCP sockets listening on the port, read from the kernel's socket tables. */
function listeningAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, hexPort] = local!.split(':');
      if (state === '0A' && parseInt(hexPort!, 16) === port) addresses.push(readableAddress(address!));
    }
  }
  return addresses;
}

/** `0100007F` → `127.0.0.1`; an IPv6 address (IPv4-mapped ones as IPv4): 32-bit words in host byte order. */
function readableAddress(hex: string): string {
  const words = hex.match(/.{8}/g)!.map((word) => Buffer.from(word, 'hex'));
  const bytes = Buffer.concat(endianness() === 'LE' ? words.map((word) => word.reverse()) : words);
  if (bytes.length === 4) return [...bytes].join('.');
  const mapped = bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return [...bytes.subarray(12)].join('.');
  return (bytes.toString('hex').match(/.{4}/g) ?? []).join(':');
}

/** `connected` or the error code of the attempt. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: 5_000 });
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      done('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

let server: DynamoDbLocal;
let port: number;

beforeAll(async () => {
  server = await startDynamoDbLocal();
  port = Number(new URL(server.endpoint).port);
});

afterAll(() => server?.stop());

describe('DynamoDB Local', () => {
  it.skipIf(!existsSync('/proc/net/tcp'))('listens on 127.0.0.1 only (the kernel socket tables; Linux only)', () => {
    // Act
    const addresses = listeningAddresses(port);

    // Assess
    expect(addresses).toEqual(['127.0.0.1']);
  });

  it.skipIf(otherAddresses.length === 0)(
    `answers on 127.0.0.1 and refuses connections on this machine's other addresses (${otherAddresses.join(', ') || 'none: skipped'})`,
    async () => {
      // Act
      const onLoopback = await tryConnect('127.0.0.1', port);
      const elsewhere = await Promise.all(otherAddresses.map((address) => tryConnect(address, port)));

      // Assess
      expect(onLoopback).toBe('connected');
      expect(elsewhere).toEqual(otherAddresses.map(() => 'ECONNREFUSED'));
    },
  );
});
