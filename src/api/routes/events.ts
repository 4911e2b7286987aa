// Event log routes: a filtered, scoped page of events and the same view streamed as CSV.
import { Router } from 'express';
import {
  EVENT_CSV_MAX_ROWS,
  EventCsvQuery,
  EventListQuery,
  type EventFilter,
  type EventPage,
} from '../../contracts/index.js';
import {
  csvEventRow,
  csvHeader,
  eventItemFromRow,
  type CsvLanguage,
  type CsvNames,
  type EventQueries,
} from '../../events/index.js';
import type { CameraStore, OrgStore, UserStore } from '../../org/index.js';
import { drained } from '../../shared/drained.js';
import { requireAgency } from '../auth.js';

export interface EventRoutesDeps {
  events: EventQueries;
  org: OrgStore;
  cameras: CameraStore;
  users: UserStore;
}

export function eventRoutes({ events, org, cameras, users }: EventRoutesDeps): Router {
  const router = Router();

  /** A user name becomes its id; an unknown one matches nothing (undefined). */
  const resolveUser = (filter: EventFilter): EventFilter | undefined => {
    if (filter.username === undefined) return filter;
    const user = users.findByUsername(filter.username);
    if (!user || (filter.userId !== undefined && filter.userId !== user.id)) return undefined;
    return { ...filter, username: undefined, userId: user.id };
  };

  router.get('/events', (req, res) => {
    const { scope } = requireAgency(req);
    const { limit, cursor, ...query } = EventListQuery.parse(req.query);
    const filter = resolveUser(query);
    const page = filter ? events.page(scope, filter, limit, cursor) : { rows: [], nextCursor: null };
    const body: EventPage = { events: page.rows.map(eventItemFromRow), nextCursor: page.nextCursor };
    res.json(body);
  });

  router.get('/events.csv', async (req, res) => {
    const { scope } = requireAgency(req);
    const { lang, ...query } = EventCsvQuery.parse(req.query);
    const filter = resolveUser(query);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    res.status(200).set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="vigil-events-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    });
    res.write(csvHeader(lang));
    const names = csvNames(org, cameras, lang);
    for (const rows of filter ? events.pages(scope, filter, EVENT_CSV_MAX_ROWS) : []) {
      const chunk = rows.map((row) => csvEventRow(eventItemFromRow(row), names, lang)).join('');
      if (!res.write(chunk) && !(await drained(res))) return;
    }
    res.end();
  });

  return router;
}

function csvNames(org: OrgStore, cameras: CameraStore, language: CsvLanguage): CsvNames {
  const pick = (item: { name: string; nameEn: string | null }): string =>
    language === 'en' && item.nameEn ? item.nameEn : item.name;
  const index = (items: Array<{ id: string; name: string; nameEn: string | null }>): Map<string, string> =>
    new Map(items.map((item) => [item.id, pick(item)]));
  const units = index(org.listUnits());
  const enterprises = index(org.listEnterprises());
  const cameraNames = index(cameras.list());
  return {
    unit: (id) => units.get(id),
    enterprise: (id) => enterprises.get(id),
    camera: (id) => cameraNames.get(id),
  };
}
