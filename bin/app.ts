/**
 * The CDK app: one deploy per tour, `npx cdk synth -c tour=<id>`. The tour config is validated before anything
 * else, so a bad config never synthesizes or deploys. The stacks themselves arrive with the infrastructure issue.
 */
import { App } from 'aws-cdk-lib';
import { listTourIds, loadTourConfig, TourConfigError } from '../lib/tour-config/load';

const app = new App();
const tourId: unknown = app.node.tryGetContext('tour');
if (typeof tourId !== 'string' || tourId === '') {
  console.error(`cdk: name the tour to deploy with -c tour=<id> (known tours: ${listTourIds().join(', ')})`);
  process.exit(1);
}
try {
  loadTourConfig(tourId);
} catch (error) {
  if (!(error instanceof TourConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
app.synth();
