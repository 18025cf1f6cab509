import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTourApp } from '../../../lib/stacks/tour-app';
import { loadTourConfig } from '../../../core/tour-config/load';
import { naggedApp, type NaggedApp } from '../cdk-app';

/** Whole-app synths (both stacks, every construct) with cdk-nag take 10–30 s on a shared 2-core machine. */
const WHOLE_APP_TIMEOUT_MS = 120_000;

describe('BackupStack', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  it(
    'deploys tdf2022 backups to eu-central-1 before the core stack, tagged with tour, component and cost centre',
    () => {
      nagged = naggedApp();
      const { backup, core } = buildTourApp(nagged.app, loadTourConfig('tdf2022').config);

      const template = Template.fromStack(backup);

      expect(backup.stackName).toBe('TourTracker-tdf2022-Backup');
      expect(backup.region).toBe('eu-central-1');
      expect(core.dependencies).toContain(backup);
      const tags = Match.arrayWith([
        { Key: 'component', Value: 'backup' },
        { Key: 'cost-centre', Value: 'tour-tracker-tdf2022' },
        { Key: 'tour', Value: 'tdf2022' },
      ]);
      template.hasResourceProperties('AWS::S3::Bucket', { Tags: tags });
      template.hasResourceProperties('AWS::KMS::Key', { Tags: tags });
      template.hasResourceProperties('AWS::Backup::BackupVault', {
        BackupVaultTags: Match.objectLike({ tour: 'tdf2022' }),
      });
      expect(nagged.nagReport().violations).toEqual([]);
    },
    WHOLE_APP_TIMEOUT_MS,
  );

  it(
    'copies to the vault name and replicates to the bucket name the backup stack creates',
    () => {
      nagged = naggedApp();
      const { backup, core } = buildTourApp(nagged.app, loadTourConfig('tdf2017').config);

      const backupTemplate = Template.fromStack(backup).toJSON();
      const coreTemplate = JSON.stringify(Template.fromStack(core).toJSON());

      const vault = Object.values(backupTemplate.Resources).find(
        (r: any) => r.Type === 'AWS::Backup::BackupVault',
      ) as any;
      expect(coreTemplate).toContain(`:backup-vault:${vault.Properties.BackupVaultName}`);
      expect(coreTemplate).toContain(':s3:::tt-tdf2017-archive-replica-');
      expect(JSON.stringify(backupTemplate)).toContain('"tt-tdf2017-archive-replica-"');
    },
    WHOLE_APP_TIMEOUT_MS,
  );
});
