/*
 * The grant/revoke benchmark (specs/bench/grant-revoke*.exo) in Promela,
 * for SPIN: the yardstick for exocheck's explorer speed, and a second,
 * independent reading of the same hypervisor semantics.
 *
 * Three guests do anything in any order: allocate the lowest free frame,
 * free a frame they own, grant a frame they own to another domain read-only
 * or writable, map a grant offered to them (host mapping, read-only or
 * writable), unmap, set their grant read-only and end access. One grant
 * entry and one maptrack slot per domain, FRAMES machine frames (2 or 4).
 *
 * The state is the part of exocheck's hypervisor tables that can change
 * in this benchmark: the frame table, and each domain's grant entry, active
 * entry and maptrack slot. (Device pins, grant references and host
 * addresses stay zero here: one entry, one slot, host mappings only. The
 * page lists and the maptrack free lists are functions of the rest.) Every
 * call runs in one d_step whose first statement is the operand's guard
 * (what exocheck's `any` lists); a call the hypervisor refuses changes
 * nothing and leads back to the same state, as in exocheck. Explored
 * without partial-order reduction (-DNOREDUCE), SPIN stores exocheck's
 * distinct states (40,824 with FRAMES 2, 5,020,160 with FRAMES 4) and takes
 * the same transitions of each operation, self-loops included
 * (scripts/spin-compare.sh --check holds them against each other).
 *
 * Each successful call ends by checking the grant-table invariants this
 * benchmark can break (see `check`); with one of exocheck's hypervisor
 * mutants switched on (-DFREE_WHILE_MAPPED and so on, see below), SPIN's
 * breadth-first search finds a violation as many steps in as exocheck's
 * shortest counterexample for that mutant.
 */

#ifndef FRAMES
#define FRAMES 4
#endif
#if FRAMES != 2 && FRAMES != 4
#error "FRAMES must be 2 or 4 (the frame calls below are written out for those)"
#endif
#define DOMS 3

/* Frame kinds. */
#define FREE     0
#define OWNED    1
#define RELEASED 2

/* Grant entry flags (Xen v1): type permit_access, the guest's read-only
 * bit, the hypervisor's reading and writing busy bits. */
#define PERMIT  1
#define GRO     4
#define READING 8
#define WRITING 16

/* Maptrack flags: host mapping, read-only. */
#define HOST 1
#define MRO  4

typedef Frame { byte kind; byte owner; byte refs };
typedef Grant { byte flags; byte domid; byte frame };
typedef Active { byte hostRead; byte hostWrite; byte domid; byte frame };
typedef Track { byte flags; byte granter };

/* With -DCOUNT_OPS, SPIN counts the transitions of each call under
 * exocheck's operation names, and those that leave the state as it was
 * (self-loops), and prints both when it ends: scripts/spin-compare.sh
 * --check holds them against exocheck's coverage and self-loop count. */
#ifdef COUNT_OPS
c_decl {
    \#include <stdio.h>
    \#include <stdlib.h>
    \#include <string.h>
    static long opCounts[7], opLoops;
    static int opCountsShown;
    /* The state vector before the call (pan declares its type later). */
    static unsigned char opBefore[4096];
    static void showOpCounts(void) {
        static const char *names[7] = { "alloc", "free", "grant_access", "end_access",
                                        "map_grant_ref", "unmap_grant_ref", "set_readonly" };
        int k;
        for (k = 0; k < 7; k++) printf("op %s %ld\n", names[k], opCounts[k]);
        printf("self-loops %ld\n", opLoops);
    }
}
#define BEFORE c_code { if (sizeof(now) > sizeof(opBefore)) abort(); memcpy(opBefore, &now, sizeof(now)); }
#define AFTER(K) c_code { \
    if (!opCountsShown) { atexit(showOpCounts); opCountsShown = 1; } \
    opCounts[K]++; \
    if (memcmp(opBefore, &now, sizeof(now)) == 0) opLoops++; }
#else
#define BEFORE skip
#define AFTER(K) skip
#endif

Frame frame[FRAMES];
Grant gnt[DOMS];
Active act[DOMS];
Track track[DOMS];

/* Scratch of the calls: not part of the state. SPIN's breadth-first
 * (-DBFS, -DBFS_PAR) and multi-core (-DNCORE) searches refuse hidden
 * variables: with -DNOHIDDEN the scratch is plain, and every call zeroes
 * it when it ends, so that it is the same in every stored state. */
#ifdef NOHIDDEN
#define SCRATCH
#define CLEAR i = 0; k = 0; fr = 0; n = 0; wr = 0
#else
#define SCRATCH hidden
#define CLEAR skip
#endif
SCRATCH byte i, k, fr, n, wr;

/* Invariants, as exocheck's hypervisor checker words them for what this
 * benchmark can reach. For every live mapping of domain k (of g's entry):
 * grant-authorized (the entry is still permit_access, names k and the frame
 * the mapping pinned), grant-readonly (a writable mapping's entry is not
 * read-only), no-reuse-while-mapped (the frame is neither free nor anyone
 * else's), maptrack-consistency (the entry's pins are its mappings, the
 * busy bits its pins, each frame's references its mappings); and
 * frame-conservation (a released frame nothing references is free). */
inline check() {
    k = 0;
    do
    :: k < DOMS ->
        assert(act[k].hostRead + act[k].hostWrite <= 1);
        assert(((gnt[k].flags & WRITING) != 0) == (act[k].hostWrite > 0));
        assert(((gnt[k].flags & READING) != 0) == (act[k].hostRead + act[k].hostWrite > 0));
        if
        :: track[k].flags & HOST ->
            i = track[k].granter;
            assert((gnt[i].flags & PERMIT) && gnt[i].domid == k && gnt[i].frame == act[i].frame);
            if
            :: track[k].flags & MRO -> assert(act[i].hostRead == 1)
            :: else -> assert(act[i].hostWrite == 1); assert(!(gnt[i].flags & GRO))
            fi;
            assert(act[i].domid == k);
            assert(frame[act[i].frame].kind != FREE && frame[act[i].frame].owner == i)
        :: else -> skip
        fi;
        k++
    :: else -> break
    od;
    k = 0;
    do
    :: k < FRAMES ->
        assert(!(frame[k].kind == RELEASED && frame[k].refs == 0));
        n = 0;
        i = 0;
        do
        :: i < DOMS ->
            if
            :: (track[i].flags & HOST) && act[track[i].granter].frame == k -> n++
            :: else -> skip
            fi;
            i++
        :: else -> break
        od;
        assert(frame[k].refs == n);
        k++
    :: else -> break
    od;
    /* A statement after the loop, so that its break stays inside the
     * d_step that calls this. */
    k = 0
}

/* exocheck's hypervisor mutants that this benchmark reaches, switched on by
 * -D (scripts/spin-compare.sh --check holds each against exocheck's
 * --mutant): the same deliberate bug on both sides. */
#ifdef END_ACCESS_WHILE_MAPPED
#define END_ACCESS_REFUSED false
#else
#define END_ACCESS_REFUSED (gnt[d].flags & (READING | WRITING))
#endif
#ifdef MAP_IGNORES_READONLY
#define MAP_REFUSES_WRITE false
#else
#define MAP_REFUSES_WRITE (wr && (gnt[g].flags & GRO))
#endif
#ifdef READONLY_DOWNGRADE_IGNORES_WRITING
#define READONLY_REFUSED false
#else
#define READONLY_REFUSED (gnt[d].flags & WRITING)
#endif
#ifdef FREE_WHILE_MAPPED
#define RELEASE_FREES true
#else
#define RELEASE_FREES (frame[f].refs == 0)
#endif

#define OWNS(D, F) (frame[F].kind == OWNED && frame[F].owner == D)

/* populate_physmap: the lowest free frame (refused when none is free). */
inline alloc(d) {
    i = 0;
    do
    :: i < FRAMES && frame[i].kind != FREE -> i++
    :: else -> break
    od;
    if
    :: i < FRAMES -> frame[i].kind = OWNED; frame[i].owner = d; check()
    :: else -> skip
    fi
}

/* decrease_reservation: a frame still mapped stays alive, released. */
inline release(d, f) {
    if
    :: RELEASE_FREES -> frame[f].kind = FREE; frame[f].owner = 0
    :: else -> frame[f].kind = RELEASED
    fi;
    check()
}

/* The guest publishes its one grant entry (refused while it is in use). */
inline grant(d, to, f, ro) {
    if
    :: gnt[d].flags == 0 ->
        gnt[d].domid = to;
        gnt[d].frame = f;
        gnt[d].flags = PERMIT | (ro -> GRO : 0);
        check()
    :: else -> skip
    fi
}

/* map_grant_ref of g's entry by d, a host mapping: refused when d's
 * maptrack slot is taken, when a writable mapping meets a read-only grant,
 * or when the granter no longer owns the frame. */
inline map(d, g, ro) {
    wr = 1 - ro;
    fr = (act[g].hostRead + act[g].hostWrite > 0 -> act[g].frame : gnt[g].frame);
    if
    :: track[d].flags == 0 && !MAP_REFUSES_WRITE && OWNS(g, fr) ->
        act[g].domid = d;
        act[g].frame = fr;
        if
        :: wr -> act[g].hostWrite++; gnt[g].flags = gnt[g].flags | READING | WRITING
        :: else -> act[g].hostRead++; gnt[g].flags = gnt[g].flags | READING
        fi;
        frame[fr].refs++;
        track[d].flags = HOST | (ro -> MRO : 0);
        track[d].granter = g;
        check()
    :: else -> skip
    fi
}

/* unmap_grant_ref of d's mapping: unpin, clear the busy bits no pin holds,
 * drop the frame reference (a released frame's last one frees it), free the
 * maptrack slot. */
inline unmap(d) {
    k = track[d].granter;
    fr = act[k].frame;
    if
    :: track[d].flags & MRO -> act[k].hostRead--
    :: else -> act[k].hostWrite--
    fi;
    if
    :: act[k].hostWrite == 0 -> gnt[k].flags = gnt[k].flags & ~WRITING
    :: else -> skip
    fi;
    if
    :: act[k].hostRead + act[k].hostWrite == 0 ->
        act[k].domid = 0; act[k].frame = 0; gnt[k].flags = gnt[k].flags & ~READING
    :: else -> skip
    fi;
    frame[fr].refs--;
    if
    :: frame[fr].refs == 0 && frame[fr].kind == RELEASED -> frame[fr].kind = FREE; frame[fr].owner = 0
    :: else -> skip
    fi;
    track[d].flags = 0;
    track[d].granter = 0;
    check()
}

/* set_readonly: refused while a writable mapping holds the entry. */
inline readonly(d) {
    if
    :: !READONLY_REFUSED -> gnt[d].flags = gnt[d].flags | GRO; check()
    :: else -> skip
    fi
}

/* end_access: refused while the entry is mapped. */
inline endAccess(d) {
    if
    :: !END_ACCESS_REFUSED -> gnt[d].flags = 0; gnt[d].domid = 0; gnt[d].frame = 0; check()
    :: else -> skip
    fi
}

/* One call: the operand's guard (what exocheck's `any` lists), then the
 * call, in one step; K is the call's place in COUNT_OPS's table of
 * exocheck's operation names. */
#define CALL(K, GUARD, BODY) :: d_step { GUARD -> BEFORE; BODY; AFTER(K); CLEAR }

/* The calls on one frame: free it, or grant it to either other domain
 * read-only or writable. */
#define FRAME_CALLS(F) \
    CALL(1, OWNS(d, F), release(d, F)) \
    CALL(2, OWNS(d, F), grant(d, to1, F, 0)) \
    CALL(2, OWNS(d, F), grant(d, to1, F, 1)) \
    CALL(2, OWNS(d, F), grant(d, to2, F, 0)) \
    CALL(2, OWNS(d, F), grant(d, to2, F, 1))

/* Mapping the grant of domain G, if it is offered to d. */
#define MAP_CALLS(G) \
    CALL(4, (gnt[G].flags & PERMIT) && gnt[G].domid == d, map(d, G, 0)) \
    CALL(4, (gnt[G].flags & PERMIT) && gnt[G].domid == d, map(d, G, 1))

active [DOMS] proctype guest() {
    byte d = _pid;
    byte to1 = (_pid + 1) % DOMS;
    byte to2 = (_pid + 2) % DOMS;
    do
    CALL(0, true, alloc(d))
    FRAME_CALLS(0)
    FRAME_CALLS(1)
#if FRAMES > 2
    FRAME_CALLS(2)
    FRAME_CALLS(3)
#endif
    MAP_CALLS(0)
    MAP_CALLS(1)
    MAP_CALLS(2)
    CALL(5, track[d].flags & HOST, unmap(d))
    CALL(6, gnt[d].flags & PERMIT, readonly(d))
    CALL(3, gnt[d].flags & PERMIT, endAccess(d))
    od
}
