import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

interface Person {
  id: string;
  name: string;
  phone: string | null;
  phoneMasked: boolean;
}

let rt: TestRuntime;
let admin: Session;
let school: string;

beforeAll(async () => {
  rt = await testRuntime();
  admin = await rt.login('school.admin');
  school = await orgId(rt, 'DYVTC');
});
afterAll(async () => rt.dispose());

const FULL = /^1\d{10}$/;
const MASKED = /^1\d\d\*{4}\d{4}$/;

const students = async (s: Session, query = '') => {
  const r = await s.call('GET', `/api/students?schoolId=${school}&pageSize=50${query}`);
  expect(r.statusCode).toBe(200);
  return r.json<{ items: Person[] }>().items.filter((p) => p.phone);
};

describe('item 18: phone numbers on the people lists', () => {
  it('the district supervisor sees every student and staff phone masked, and a reveal is audited', async () => {
    const sup = await rt.login('supervisor');
    const list = await students(sup);
    expect(list.length).toBeGreaterThan(10);
    for (const p of list) {
      expect(p.phone).toMatch(MASKED);
      expect(p.phoneMasked).toBe(true);
    }
    const staff = (await sup.call('GET', `/api/staff?schoolId=${school}&pageSize=50`)).json<{
      items: Person[];
    }>().items;
    expect(staff.filter((p) => p.phone).every((p) => MASKED.test(p.phone!))).toBe(true);

    // The export carries the same masked numbers.
    const full = (await students(admin)).find((p) => p.id === list[0]!.id)!;
    expect(full.phone).toMatch(FULL);
    expect(list[0]!.phone).not.toBe(full.phone);

    const reveal = await sup.call('POST', `/api/students/${list[0]!.id}/phone`);
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json<{ phone: string }>().phone).toBe(full.phone);
    const log = (await admin.call('GET', `/api/audit?action=people.reveal_phone`)).json<{
      items: { action: string; targetId: string; actorId: string | null }[];
    }>();
    expect(log.items.some((e) => e.targetId === list[0]!.id && e.actorId === sup.userId)).toBe(true);
  });

  it('the school admin and the class counselor, who handle the students, see them in full', async () => {
    for (const p of await students(admin)) {
      expect(p.phone).toMatch(FULL);
      expect(p.phoneMasked).toBe(false);
    }
    const counselor = await rt.login('counselor');
    const own = await students(counselor);
    expect(own.length).toBeGreaterThan(0);
    for (const p of own) expect(p.phone).toMatch(FULL);
  });

  it('a reveal needs the person in scope: the police (no people.read) and another school are refused', async () => {
    const [one] = await students(admin);
    expect((await (await rt.login('police')).call('POST', `/api/students/${one!.id}/phone`)).statusCode).toBe(
      403,
    );
    const other = await rt.login('kg.admin');
    expect((await other.call('POST', `/api/students/${one!.id}/phone`)).statusCode).toBe(404);
    expect((await admin.call('POST', `/api/students/not-an-id/phone`)).statusCode).toBe(400);
  });
});
