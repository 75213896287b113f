import { Match, Template } from 'aws-cdk-lib/assertions';
import { EVIDENCE_CORS } from '../../shared/http/web-policy.js';
import { describe, expect, it } from 'vitest';
import { templates } from '../support/templates.js';

const stateful = () => Template.fromJSON(templates().stateful);

describe('the stateful stack', () => {
  it('keeps the table: on demand, point-in-time recovery, deletion protection, retained', () => {
    stateful().hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('has the generic keys, the three indexes, a NEW_IMAGE stream and TTL on expiresAt', () => {
    const [table] = Object.values(stateful().findResources('AWS::DynamoDB::GlobalTable'));
    const props = table!.Properties;

    expect(props.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(
      props.GlobalSecondaryIndexes.map((i: { IndexName: string; KeySchema: { AttributeName: string }[] }) => [
        i.IndexName,
        i.KeySchema.map((k) => k.AttributeName),
      ]),
    ).toEqual([
      ['gsi1', ['gsi1pk', 'gsi1sk']],
      ['gsi2', ['gsi2pk', 'gsi2sk']],
      ['gsi3', ['gsi3pk', 'gsi3sk']],
    ]);
    expect(props.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('keeps the bucket private: public access blocked, TLS only, retained', () => {
    const template = stateful();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it("answers the web workspace's CORS check on the evidence bucket only: presigned GET, PUT and HEAD with the signed headers", () => {
    const template = stateful();
    template.resourcePropertiesCountIs('AWS::S3::Bucket', { CorsConfiguration: Match.anyValue() }, 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: ['*'],
            AllowedMethods: [...EVIDENCE_CORS.methods],
            AllowedHeaders: [...EVIDENCE_CORS.headers],
            ExposedHeaders: [...EVIDENCE_CORS.exposed],
            MaxAge: 3600,
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });
});
