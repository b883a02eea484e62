import { MessageHeaders } from '@tideline/contracts';
import { signatureHeader, signatureProblem, useSigningKey } from './message-signing';

describe('message signatures', () => {
  beforeAll(() => useSigningKey('a-test-key-of-at-least-thirty-two-characters'));
  const body = { id: 'p1', actor: 'manager@tideline.local', roles: ['category_manager'], units: 12.5, cells: [{ week: '2026-01-05' }], '2': 'x' };

  it('holds for the body as the receiver parses it from the wire', () => {
    const headers = { [MessageHeaders.deadline]: '1790000000000', ...signatureHeader('planning.cells.set', body, '1790000000000') };
    const received = JSON.parse(JSON.stringify({ pattern: 'planning.cells.set', data: body, id: 'x' })).data;
    expect(signatureProblem('planning.cells.set', received, headers)).toBeUndefined();
  });

  it('refuses a message without a signature, with another body, pattern or deadline, or signed with another key', () => {
    const headers = { [MessageHeaders.deadline]: '1', ...signatureHeader('auth.users.create', body, '1') };
    expect(signatureProblem('auth.users.create', body, {})).toBe('it carries no signature');
    expect(signatureProblem('auth.users.create', { ...body, roles: ['admin'] }, headers)).toBe('its signature does not match its content');
    expect(signatureProblem('auth.users.update', body, headers)).toBe('its signature does not match its content');
    expect(signatureProblem('auth.users.create', body, { ...headers, [MessageHeaders.deadline]: '2' })).toBe('its signature does not match its content');
    expect(signatureProblem('auth.users.create', body, { ...headers, [MessageHeaders.signature]: 'short' })).toBe('its signature does not match its content');
    useSigningKey('another-key-of-at-least-thirty-two-characters!');
    expect(signatureProblem('auth.users.create', body, headers)).toBe('its signature does not match its content');
    useSigningKey('a-test-key-of-at-least-thirty-two-characters');
  });
});
