import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, trackLink, type Route } from './router';

const PLACE = '01a22b24-f07f-727e-8f29-df451825b4ca';
const TOKEN = '3f2a9c0d5e7b41c8a6d2e9f01b3c4d5e';

describe('routes from the address hash', () => {
  it('opens the form with the place a printed QR code names', () => {
    expect(parseRoute(`#/report?place=${PLACE}`)).toEqual({ name: 'report', placeId: PLACE });
    expect(parseRoute(`#/report?place=${PLACE.toUpperCase()}`)).toEqual({ name: 'report', placeId: PLACE });
    // WeChat and friends add their own parameters; the place is still found.
    expect(parseRoute(`#/report?from=singlemessage&place=${PLACE}&isappinstalled=0`)).toEqual({
      name: 'report',
      placeId: PLACE,
    });
  });

  it('opens the plain form for #/report, and for a place that is not an id', () => {
    expect(parseRoute('#/report')).toEqual({ name: 'report', placeId: null });
    expect(parseRoute('#/report/')).toEqual({ name: 'report', placeId: null });
    expect(parseRoute('#/report?place=')).toEqual({ name: 'report', placeId: null });
    expect(parseRoute('#/report?place=room-203')).toEqual({ name: 'report', placeId: null });
  });

  it('opens a request by its private link, and one of mine by its id', () => {
    expect(parseRoute(`#/r/${TOKEN}`)).toEqual({ name: 'track', token: TOKEN });
    expect(parseRoute(`#/r/${TOKEN}?from=timeline`)).toEqual({ name: 'track', token: TOKEN });
    expect(parseRoute(`#/requests/${PLACE}`)).toEqual({ name: 'request', id: PLACE });
    expect(parseRoute('#/requests')).toEqual({ name: 'requests' });
  });

  it("opens today's tasks, one task, and 随手拍 from the QR code posted at a place", () => {
    expect(parseRoute('#/tasks')).toEqual({ name: 'tasks' });
    expect(parseRoute(`#/tasks/${PLACE.toUpperCase()}`)).toEqual({ name: 'task', id: PLACE });
    expect(parseRoute('#/tasks/not-an-id')).toEqual({ name: 'tasks' });
    expect(parseRoute(`#/snap?place=${PLACE}&from=singlemessage`)).toEqual({ name: 'snap', placeId: PLACE });
    expect(parseRoute('#/snap?place=room-203')).toEqual({ name: 'snap', placeId: null });
  });

  it('opens a warning sent to me by its id (where its notification links)', () => {
    expect(parseRoute(`#/warnings/${PLACE.toUpperCase()}`)).toEqual({ name: 'warning', id: PLACE });
    expect(parseRoute('#/warnings/not-an-id')).toEqual({ name: 'home' });
    expect(routeHash({ name: 'warning', id: PLACE })).toBe(`#/warnings/${PLACE}`);
  });

  it('goes home for anything it does not know', () => {
    for (const hash of ['', '#', '#/', '#/nope', '#/r/', '#/r/x', '#/r/a/b', '#/sos/extra', '#/r/<script>'])
      expect(parseRoute(hash), hash).toEqual({ name: 'home' });
    expect(parseRoute('#/requests/not-an-id')).toEqual({ name: 'requests' });
  });

  it('keeps the screens there were before', () => {
    for (const name of ['sos', 'profile', 'password'] as const)
      expect(parseRoute(`#/${name}`)).toEqual({ name });
  });

  it('writes back what it reads', () => {
    const routes: Route[] = [
      { name: 'home' },
      { name: 'sos' },
      { name: 'report', placeId: null },
      { name: 'report', placeId: PLACE },
      { name: 'requests' },
      { name: 'request', id: PLACE },
      { name: 'track', token: TOKEN },
      { name: 'tasks' },
      { name: 'task', id: PLACE },
      { name: 'snap', placeId: PLACE },
      { name: 'snap', placeId: null },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('makes the private link the reporter keeps', () => {
    expect(trackLink('https://anxiao.example.edu.cn', TOKEN)).toBe(
      `https://anxiao.example.edu.cn/m/#/r/${TOKEN}`,
    );
    expect(parseRoute(new URL(trackLink('http://10.0.0.5:3000/', TOKEN)).hash)).toEqual({
      name: 'track',
      token: TOKEN,
    });
  });

  it('opens 警情 and 消息', () => {
    expect(parseRoute('#/alarms')).toEqual({ name: 'alarms' });
    expect(parseRoute('#/inbox')).toEqual({ name: 'inbox' });
    expect(routeHash({ name: 'alarms' })).toBe('#/alarms');
    expect(routeHash({ name: 'inbox' })).toBe('#/inbox');
  });
});
