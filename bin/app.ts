/**
 * The CDK app: one deploy per tour, `npx cdk synth -c tour=<id>`. The tour config is validated before anything
 * else, so a bad config never synthesizes or deploys; cdk-nag's AwsSolutions checks gate every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildTourApp } from '../lib/stacks/tour-app';
import { listTourIds, loadTourConfig, TourConfigError, type LoadedTour } from '../core/tour-config/load';

const app = new App();
const tourId: unknown = app.node.tryGetContext('tour');
if (typeof tourId !== 'string' || tourId === '') {
  console.error(`cdk: name the tour to deploy with -c tour=<id> (known tours: ${listTourIds().join(', ')})`);
  process.exit(1);
}
let tour: LoadedTour;
try {
  tour = loadTourConfig(tourId);
} catch (error) {
  if (!(error instanceof TourConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
buildTourApp(app, tour.config);
app.synth();
