// Schemas of the small values messages are built from: money, ids, seeds,
// round numbers and spots.
import { z } from 'zod';
import { Limits } from './limits.ts';

/** Money is integer minor units (cents), never a float. */
export const positiveMinorSchema = z.number().int().positive().max(1_000_000_000_000);
export const idSchema = z.string().min(1).max(Limits.maxIdLength).regex(/^[A-Za-z0-9_-]+$/);
export const clientSeedSchema = z.string().min(1).max(Limits.maxClientSeedLength).regex(/^[A-Za-z0-9_-]+$/);
export const roundNumberSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const spotSchema = z.string().min(1).max(32);
