/*
 * dj-gc protocol model (spec §6, §7.1, §7.2, §8, §9) for one path p.
 * Check: scripts/model-check.sh  (or: spin -a gc.pml; gcc -O2 -DSAFETY -o pan pan.c; ./pan)
 *
 * Switches (each one seeds a bug; each MUST produce a counter-example):
 *   -DMUTANT_ONE_PASS          upstream's collector: delete at the snapshot, no trash, no grace
 *   -DMUTANT_NO_FRESH_SNAPSHOT purge trusts the quarantine snapshot instead of taking its own
 *   -DGRACE=1                  grace not above D (D = 1)
 *   -DMUTANT_STALE_EXISTS      the writer's exists(p) may answer from a stale cache
 */
#ifndef D
#define D 1            /* longest writer transaction, in clock ticks: c_W - s_W <= D */
#endif
#ifndef GRACE
#define GRACE 2        /* gc.grace-seconds; the theorem needs GRACE > D */
#endif
#ifndef MAXT
#define MAXT 4         /* the clock stops here (bounds the state space) */
#endif
#define MAXR 2         /* at most this many live rows reference p */

/* ledger row states (§6.4); one row at a time */
#define NONE       0
#define MOVING     1
#define QUAR       2
#define PURGING    3
#define RESTORING  4
#define RESTORED   5
#define PURGED     6
#define MISSING    7
#define LIVE(s)    (s == MOVING || s == QUAR || s == PURGING || s == RESTORING)

byte clock = 0;
bool orig = 1;           /* p's bytes at the original path */
bool trash = 0;          /* p's bytes in the trash */
byte refs = 0;           /* committed live rows referencing p */
bool pend[2];            /* writer i has an open transaction ... */
byte start[2];           /* ... that did its storage action at this tick (s_W) */
byte ledger = NONE;
byte q = 0;              /* quarantined_at */
bool qsnap = 0;          /* coverage in the snapshot of the last quarantine that moved p */
byte ghost = 0;          /* the true number of live rows at the purge's snapshot instant */

/* Every committed live row can be served, from the original path or after a heal from the trash. */
#define SAFE_A   (refs == 0 || orig || trash)
/* Every trash copy has a ledger row that can still be restored. */
#define SAFE_C   (!trash || LIVE(ledger))

proctype Monitor() {
end: atomic { !(SAFE_A && SAFE_C) -> assert(SAFE_A); assert(SAFE_C) }
}

proctype Clock() {
end: do
  :: atomic { (clock < MAXT && (!pend[0] || clock < start[0] + D) &&
               (!pend[1] || clock < start[1] + D)) -> clock++ }
  od
}

/* A DataJoint dedup insert: a fresh exists(p); use p if present, else upload; commit later. */
proctype Writer(byte i) {
end: do
  :: atomic { refs < MAXR && !pend[i] ->
#ifdef MUTANT_STALE_EXISTS
              if :: orig -> skip :: !orig -> orig = 1 :: !orig -> skip fi;  /* cached "exists" */
#else
              if :: orig -> skip :: else -> orig = 1 fi;
#endif
              pend[i] = 1; start[i] = clock }
     atomic { refs++; pend[i] = 0 }
  od
}

/* A DataJoint row delete. */
proctype Deleter() {
end: do :: atomic { refs > 0 -> refs-- } od
}

/* Restorer (§6.7), used by heals and operator restores. May crash after → RESTORING. */
inline restore() {
  ledger = RESTORING;
  if :: goto crash :: skip fi;
  finish_restore()
}
inline finish_restore() {
  atomic {
    if
    :: trash && !orig -> orig = 1; trash = 0; ledger = RESTORED
    :: trash && orig  -> trash = 0; ledger = RESTORED   /* same hash content at p */
    :: !trash && orig -> ledger = RESTORED
    :: !trash && !orig -> ledger = MISSING
    fi
  }
}

/* MOVING recovery (§6.5) against this run's snapshot cov; mv = moves allowed. */
inline recover_moving(mv) {
  atomic {
    if
    :: ledger == MOVING ->
       if
       :: !orig && !trash -> ledger = MISSING
       :: !orig && trash -> ledger = QUAR; q = clock; qsnap = cov
       :: orig && !trash && cov -> ledger = RESTORED
       :: orig && !trash && !cov && mv -> orig = 0; trash = 1; ledger = QUAR; q = clock; qsnap = 0
       :: orig && trash && cov && mv -> trash = 0; ledger = RESTORED
       :: orig && trash && !cov && mv -> orig = 0; ledger = QUAR; q = clock; qsnap = 0
       :: else -> skip                                     /* left MOVING */
       fi
    :: else -> skip
    fi
  }
}

proctype GC() {
  bool cov;
  byte tp;
end:
  do
  :: /* ---- quarantine (§7.1) ---- */
     atomic { cov = (refs > 0) }                           /* snapshot */
     recover_moving(1);
     if
     :: orig && !cov && !LIVE(ledger) ->                   /* candidate */
#ifdef MUTANT_ONE_PASS
        orig = 0                                           /* upstream: delete now */
#else
        ledger = MOVING;                                   /* row committed before the move */
        if :: goto crash :: skip fi;
        atomic { orig = 0; trash = 1 }                     /* move to trash (m) */
        if :: goto crash :: skip fi;
        atomic { ledger = QUAR; q = clock; qsnap = cov }   /* q >= m */
#endif
     :: else -> skip
     fi;
     /* verifyReferences: a fresh snapshot heals covered QUARANTINED rows */
     atomic { cov = (refs > 0); ghost = refs }
     if
     :: cov && ledger == QUAR -> restore(); assert(ghost == 0 || orig)
     :: else -> skip
     fi
  :: /* ---- purge (§7.2) ---- */
     atomic { tp = clock }                                 /* T_P */
#ifdef MUTANT_NO_FRESH_SNAPSHOT
     atomic { cov = qsnap; ghost = refs }                  /* trusts quarantine's snapshot */
#else
     atomic { cov = (refs > 0); ghost = refs }             /* sigma >= T_P */
#endif
     /* heal */
     recover_moving(0);
     if
     :: ledger == RESTORING -> finish_restore()
     :: cov && (ledger == QUAR || ledger == PURGING) -> restore()
     :: !cov && ledger == PURGING && !trash -> ledger = PURGED
     :: else -> skip
     fi;
     /* (a) the unreadable window ends here: every row live at sigma is readable */
     assert(ghost == 0 || orig);
     /* selectExpired + deleteExpired */
     if
     :: !cov && ((ledger == QUAR && q + GRACE <= tp) || ledger == PURGING) ->
        ledger = PURGING;
        if :: goto crash :: skip fi;
        /* (b) delete only if no live row referenced p at a snapshot after the grace */
        atomic { assert(ghost == 0 && q + GRACE <= tp); trash = 0 }
        if :: goto crash :: skip fi;
        ledger = PURGED
     :: else -> skip
     fi
  :: /* ---- operator restore (§7.3) ---- */
     ledger == QUAR -> restore()
  :: /* ---- crash: kill -9 between steps (goto crash); the next run starts from the ledger ---- */
     false -> crash: skip
  od
}

init {
  atomic {
    if :: refs = 0 :: refs = 1 fi;                         /* p starts orphaned or referenced */
    run Monitor(); run Clock(); run Deleter(); run GC(); run Writer(0); run Writer(1)
  }
}
