import type { Kernel } from '../../kernel/kernel.js';
import type { AlarmsService } from '../alarms/index.js';
import * as catalogue from './requests.catalogue.js';
import * as clocks from './requests.clocks.js';
import { requestsContext, type RequestsContext } from './requests.context.js';
import * as figures from './requests.figures.js';
import * as intake from './requests.intake.js';
import * as loop from './requests.loop.js';
import * as open311Clients from './requests.open311.clients.js';
import * as open311 from './requests.open311.reads.js';
import * as qr from './requests.qr-sheet.js';
import * as reading from './requests.reading.js';
import * as reporter from './requests.reporter.js';
import * as settings from './requests.settings.js';
import * as thread from './requests.thread.js';

export { CLOCK_JOB, CLOCK_STEPS, type ClockStep } from './requests.clocks.js';
export type { IntakeInput } from './requests.intake.js';
export type { ReporterLocator } from './requests.reporter.js';

/** A room's function's arguments after the shared context. */
type Args<F> = F extends (c: RequestsContext, ...a: infer A) => unknown ? A : never;

/**
 * The requests module's one service, as the routes and the job runner see it. Each method is a
 * door into the room that does the work; a newcomer finds the work by the room's name:
 *
 * - intake (requests.intake.ts): filing by phone, hotline or Open311, numbered, routed, clocked
 * - the loop (requests.loop.ts, one handler per step in requests.steps.ts), who hears of a step
 *   (requests.tell.ts), the thread's messages (requests.thread.ts)
 * - clocks (requests.clocks.ts): the response deadline and the ladder 催办, 督办, 通报
 * - reading (requests.reading.ts) and the reporter's side (requests.reporter.ts)
 * - figures (requests.figures.ts): the three rates and the ledger
 * - the catalogue (requests.catalogue.ts), settings and routing (requests.settings.ts)
 * - QR sheets (requests.qr-sheet.ts), Open311 (requests.open311.reads.ts, requests.open311.clients.ts)
 */
export class RequestsService {
  private readonly c: RequestsContext;

  constructor(k: Kernel, alarms: AlarmsService) {
    this.c = requestsContext(k, alarms);
  }

  // intake
  file(...a: Args<typeof intake.file>) {
    return intake.file(this.c, ...a);
  }
  hotline(...a: Args<typeof intake.hotline>) {
    return intake.hotline(this.c, ...a);
  }
  fileOpen311(...a: Args<typeof intake.fileOpen311>) {
    return intake.fileOpen311(this.c, ...a);
  }

  // the loop, the thread, the clocks
  act(...a: Args<typeof loop.act>) {
    return loop.act(this.c, ...a);
  }
  message(...a: Args<typeof thread.message>) {
    return thread.message(this.c, ...a);
  }
  reporterMessage(...a: Args<typeof thread.reporterMessage>) {
    return thread.reporterMessage(this.c, ...a);
  }
  clock(...a: Args<typeof clocks.clock>) {
    return clocks.clock(this.c, ...a);
  }

  // reading
  detail(...a: Args<typeof reading.detail>) {
    return reading.detail(this.c, ...a);
  }
  revealReporter(...a: Args<typeof reading.revealReporter>) {
    return reading.revealReporter(this.c, ...a);
  }
  list(...a: Args<typeof reading.list>) {
    return reading.list(this.c, ...a);
  }
  queue(...a: Args<typeof reading.queue>) {
    return reading.queue(this.c, ...a);
  }
  photo(...a: Args<typeof reading.photo>) {
    return reading.photo(this.c, ...a);
  }

  // the reporter's side
  tracked(...a: Args<typeof reporter.tracked>) {
    return reporter.tracked(this.c, ...a);
  }
  myRequests(...a: Args<typeof reporter.myRequests>) {
    return reporter.myRequests(this.c, ...a);
  }
  rate(...a: Args<typeof reporter.rate>) {
    return reporter.rate(this.c, ...a);
  }

  // figures
  rates(...a: Args<typeof figures.rates>) {
    return figures.rates(this.c, ...a);
  }
  ledger(...a: Args<typeof figures.ledger>) {
    return figures.ledger(this.c, ...a);
  }

  // the catalogue
  catalogue(...a: Args<typeof catalogue.catalogue>) {
    return catalogue.catalogue(this.c, ...a);
  }
  searchPlaces(...a: Args<typeof catalogue.searchPlaces>) {
    return catalogue.searchPlaces(this.c, ...a);
  }
  categories(...a: Args<typeof catalogue.categories>) {
    return catalogue.categories(this.c, ...a);
  }
  createCategory(...a: Args<typeof catalogue.createCategory>) {
    return catalogue.createCategory(this.c, ...a);
  }
  updateCategory(...a: Args<typeof catalogue.updateCategory>) {
    return catalogue.updateCategory(this.c, ...a);
  }

  // settings and routing
  routes(...a: Args<typeof settings.routes>) {
    return settings.routes(this.c, ...a);
  }
  addRoute(...a: Args<typeof settings.addRoute>) {
    return settings.addRoute(this.c, ...a);
  }
  deleteRoute(...a: Args<typeof settings.deleteRoute>) {
    return settings.deleteRoute(this.c, ...a);
  }
  getSettings(...a: Args<typeof settings.getSettings>) {
    return settings.getSettings(this.c, ...a);
  }
  saveSettings(...a: Args<typeof settings.saveSettings>) {
    return settings.saveSettings(this.c, ...a);
  }

  // QR sheets
  qrSheet(...a: Args<typeof qr.qrSheet>) {
    return qr.qrSheet(this.c, ...a);
  }

  // Open311 clients
  open311Clients(...a: Args<typeof open311Clients.open311Clients>) {
    return open311Clients.open311Clients(this.c, ...a);
  }
  addOpen311Client(...a: Args<typeof open311Clients.addOpen311Client>) {
    return open311Clients.addOpen311Client(this.c, ...a);
  }
  revokeOpen311Client(...a: Args<typeof open311Clients.revokeOpen311Client>) {
    return open311Clients.revokeOpen311Client(this.c, ...a);
  }
  open311Client(...a: Args<typeof open311Clients.open311Client>) {
    return open311Clients.open311Client(this.c, ...a);
  }

  // Open311 reads (the routes check the api_key)
  open311School(...a: Args<typeof open311.open311School>) {
    return open311.open311School(this.c, ...a);
  }
  open311Services(...a: Args<typeof open311.open311Services>) {
    return open311.open311Services(this.c, ...a);
  }
  open311Place(...a: Args<typeof open311.open311Place>) {
    return open311.open311Place(this.c, ...a);
  }
  open311Requests(...a: Args<typeof open311.open311Requests>) {
    return open311.open311Requests(this.c, ...a);
  }
  open311Media(...a: Args<typeof open311.open311Media>) {
    return open311.open311Media(this.c, ...a);
  }
  open311PublicRead(...a: Args<typeof open311.open311PublicRead>) {
    return open311.open311PublicRead(this.c, ...a);
  }
  open311Changeset(...a: Args<typeof open311.open311Changeset>) {
    return open311.open311Changeset(this.c, ...a);
  }
  open311Token(...a: Args<typeof open311.open311Token>) {
    return open311.open311Token(this.c, ...a);
  }
  open311Updates(...a: Args<typeof open311.open311Updates>) {
    return open311.open311Updates(this.c, ...a);
  }
}
