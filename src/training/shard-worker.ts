/**
 * One extra thread of a data-parallel run (src/engine/parallel.ts): it builds its network on
 * the shared memory and computes its share of every batch until the run's group stops.
 */
import { workerData } from 'node:worker_threads';
import { runShard, type ShardInit } from '../engine/parallel-shard';

runShard(workerData as ShardInit);
