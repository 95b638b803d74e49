import type { ApolloServer } from '@apollo/server';
import { Router, type Request, type Response } from 'express';
import type { GatewayContext } from '../index';
import { fundingActivitiesCsv, recommendationsCsv, settlementYearsCsv } from './csv';
import { anonymousRunner, ExportError, type RunQuery } from './graphql';
import { iatiActivities } from './iati';
import * as oparl from './oparl';

type Handler = (run: RunQuery, req: Request, res: Response) => Promise<void>;

/**
 * The open-data exports under /export: IATI activity XML, OParl 1.1 JSON and CSV. Each reads through
 * the gateway's own GraphQL executor as an anonymous caller, so it shows exactly what the public may
 * see (drafts never leave). Failures answer JSON with a 4xx status (503 when a service is down).
 */
export function exportRouter(apollo: ApolloServer<GatewayContext>): Router {
  const router = Router();
  const route = (handler: Handler) => async (req: Request, res: Response) => {
    const language = req.headers['accept-language'];
    try {
      await handler(anonymousRunner(apollo, typeof language === 'string' ? language : undefined), req, res);
    } catch (error) {
      const failure =
        error instanceof ExportError
          ? error
          : new ExportError(503, 'INTERNAL_SERVER_ERROR', 'The export could not be completed; try again shortly.');
      if (!(error instanceof ExportError)) console.error('export failed', error);
      if (res.headersSent) {
        res.destroy(); // a stream cut short must not look complete
        return;
      }
      res.status(failure.status).json(failure.body());
    }
  };

  router.get('/iati/activities.xml', route(iatiActivities));

  router.get('/csv/funding-activities.csv', route(fundingActivitiesCsv));
  router.get('/csv/settlement-years.csv', route(settlementYearsCsv));
  router.get('/csv/recommendations.csv', route(recommendationsCsv));

  router.get(['/oparl', '/oparl/system'], route(oparl.system));
  router.get('/oparl/bodies', route(oparl.bodies));
  router.get('/oparl/body/:id', route(oparl.oneBody));
  router.get('/oparl/body/:id/meetings', route(oparl.meetings));
  router.get('/oparl/body/:id/agenda-items', route(oparl.agendaItems));
  router.get('/oparl/body/:id/people', route(oparl.people));
  router.get('/oparl/body/:id/papers', route(oparl.papers));
  router.get('/oparl/organizations', route(oparl.organizations));
  router.get('/oparl/organization/:id', route(oparl.oneOrganization));
  router.get('/oparl/meeting/:id', route(oparl.oneMeeting));
  router.get('/oparl/meeting/:id/agenda-item/:item', route(oparl.oneAgendaItem));
  router.get('/oparl/meeting/:id/person/:person', route(oparl.onePerson));
  router.get('/oparl/paper/:id', route(oparl.onePaper));

  router.use((req, res) => {
    res.status(404).json({ errors: [{ message: `No export at ${req.path.slice(0, 80)}.`, extensions: { code: 'NOT_FOUND' } }] });
  });
  return router;
}
