/* ma-machine-private.h: the machine's layout, shared by the engine's source files
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hot data is plain: frame arrays, free-list heads and counters. Nothing here is a GObject
 * except the machine itself. The names follow include/linux/mmzone.h where they can.
 */
#pragma once

#include "ma-machine.h"
#include "ma-events-private.h"
#include "ma-gfp.h"
#include "ma-pressure.h"

G_BEGIN_DECLS

typedef struct _MaJournal MaJournal;
typedef struct _MaHighmem MaHighmem;
typedef struct _MaHighmemState MaHighmemState;

/* One per-CPU page list set (struct per_cpu_pages), order 0 only: one list per PCP type. */
typedef struct
{
  guint32 head[MA_MIGRATE_PCPTYPES];
  guint32 tail[MA_MIGRATE_PCPTYPES];
  guint32 len[MA_MIGRATE_PCPTYPES];
  guint32 count;
} MaPcp;

typedef struct
{
  guint32 head;
  guint32 tail;
  guint64 len;
} MaFreeList;

/*
 * A run of max-order free blocks nobody has touched since boot. They sit, in pfn order, at the
 * tail of free_list[max][MOVABLE] (where boot put them) without their head frames being
 * written: a zeroed frame array is all free tails, so a freshly booted 1 TiB machine costs no
 * page-frame writes at all. The first block of the first run is materialised when the list
 * reaches it. List lengths and counters include them.
 */
#define MA_VIRGIN_RUNS 8

typedef struct
{
  guint64 start;
  guint64 n_blocks;
} MaVirginRun;

struct _MaZone
{
  /* Read by every watermark check: kept together at the start. */
  gint64      nr_free_pages;   /* NR_FREE_PAGES: buddy pages only, never pcp pages */
  guint64     wmark[MA_N_WMARKS];   /* without boost */
  guint64     watermark_boost;
  guint64     lowmem_reserve[MA_N_ZONE_TYPES];
  guint64     nr_reserved_highatomic;
  guint64     nr_free_by_mt[MA_N_MIGRATE_TYPES];  /* free pages per list type */
  guint64     managed;
  MaZoneType  type;
  gboolean    boosted_flag;         /* ZONE_BOOSTED_WATERMARK */

  /* The band of free pages between two watermarks the zone was last seen in, to emit
   * MA_EVENT_WATERMARK only on a crossing. */
  gint64      band_low;
  gint64      band_high;
  gint        wmark_level;

  MaNode     *node;
  guint       zone_idx;        /* position among the configured zone types */
  guint64     start_pfn;       /* zone_start_pfn */
  guint64     end_pfn;         /* start_pfn + spanned */
  guint64     spanned;
  guint64     present;
  guint64     cma;
  guint64     node_offset;     /* start_pfn - node->start_pfn */
  gboolean    movable_is_highmem;
  gboolean    reconstructed;     /* rebuilt from a snapshot: zero frames outside free blocks are in use */
  /* Set by the rebuild: one bit per max-order unit (from start_pfn rounded down) that the
   * rebuild left wholly in use without writing a frame. Valid only while the machine's event
   * ring is where the rebuild left it (rebuild_seq): see ma_zone_range_is_plain_in_use(). */
  guint64    *plain_units;
  guint64     rebuild_seq;
  guint       stat_threshold;

  /* per-CPU lists */
  MaPcp      *pcp;               /* [machine->n_cpus] */
  guint       pcp_batch;         /* printed batch (at least 1) */
  guint       pcp_high;
  guint       pcp_high_min;
  guint       pcp_high_max;

  /* counters (vmstat) */
  guint64     pgalloc;
  guint64     pgfree;
  guint64     used_by_kind[MA_N_OWNER_KINDS];

  /* free_area[] */
  guint64     nr_free[MA_MAX_ORDERS];
  MaFreeList  free_list[MA_MAX_ORDERS][MA_N_MIGRATE_TYPES];
  MaVirginRun virgin[MA_VIRGIN_RUNS];
  guint       n_virgin;          /* runs in use, from virgin[0] */
  guint64     virgin_blocks;     /* blocks in all runs */
};

/* What an allocation request resolves to before any zone is looked at; cached per machine for
 * the last request shape, since workloads repeat the same one. */
typedef struct
{
  MaZone      **zonelist;
  guint         zonelist_len;
  guint         first;             /* first usable entry (the preferred zone) */
  guint         highest_zoneidx;   /* the index used for lowmem_reserve[] */
  MaZoneType    highest_type;
  MaMigrateType mt;
  MaZone       *preferred;
  gboolean      nofragment;
} MaAllocContext;

struct _MaNode
{
  MaMachine  *machine;
  guint       index;             /* position in machine->nodes */
  guint       id;                /* node id as the kernel numbers it */
  guint64     start_pfn;         /* node_start_pfn */
  guint64     spanned;           /* node_spanned_pages */
  guint64     present;
  guint       first_cpu;
  guint       n_cpus;

  MaFrame    *frames;            /* spanned entries */
  guint8     *pageblock_mt;      /* one per pageblock touching the node */
  guint64     first_pageblock;   /* start_pfn >> pageblock_order */
  guint64     n_pageblocks;

  guint       n_zones;           /* configured zone types */
  MaZone      zones[MA_N_ZONE_TYPES];

  /* zonelists: zones in fallback order, then this node's zones only (__GFP_THISNODE) */
  MaZone    **zonelist;
  guint       zonelist_len;
  MaZone    **zonelist_thisnode;
  guint       zonelist_thisnode_len;

  /* kswapd */
  guint       kswapd_order;
  guint       kswapd_highest_zoneidx;
  guint       kswapd_failures;
  gboolean    kswapd_woken;      /* a wakeup is pending */
  guint64     kswapd_wakeups;
  guint64     alloc_fail;        /* allocations that failed with a zone of this node preferred */
  gboolean    kswapd_running;    /* woken and not yet balanced */
  guint64     kswapd_reclaimed;  /* pages reclaimed in the current run */

  /* lruvec: pages linked through their frames' next/prev (node-relative indices) */
  guint32     lru_head[MA_N_LRU];
  guint32     lru_tail[MA_N_LRU];
  guint64     lru_len[MA_N_LRU];
};

/* A simulated process. */
typedef struct
{
  guint     pid;
  char     *name;
  gint      oom_score_adj;
  gboolean  alive;
  gint      node;
  guint     anon_owner;
  guint     pagetable_owner;
  guint     kstack_owner;
  guint64   kstack_pfn;
  guint64   swap;
} MaProcess;

/* Entries of an owner's page map besides a pfn. */
#define MA_MAP_NONE     G_MAXUINT64
#define MA_MAP_SWAPPED  (G_MAXUINT64 - 1)

struct _MaMachine
{
  GObject          parent_instance;

  MaMachineSpec   *spec;
  MaKernelVersion  kernel;
  guint            page_shift;
  guint            nr_orders;
  guint            max_order;         /* MAX_PAGE_ORDER = nr_orders - 1 */
  guint            pageblock_order;
  guint            pageblock_nr_pages;
  gboolean         mobility_disabled; /* page_group_by_mobility_disabled */
  gboolean         have_zone_type[MA_N_ZONE_TYPES];

  guint            n_nodes;
  MaNode          *nodes;
  guint            n_cpus;
  guint           *cpu_node;          /* [n_cpus]: node index of each CPU */
  guint            current_cpu;

  guint64          min_free_kbytes;
  guint64          user_min_free_kbytes;  /* 0 when not set by the user */
  guint            watermark_scale_factor;
  guint            watermark_boost_factor;
  guint            n_lowmem_reserve_ratio;
  guint            lowmem_reserve_ratio[MA_N_ZONE_TYPES];

  MaEventRing     *events;
  MaJournal       *journal;           /* non-NULL while an action records its changes */
  GPtrArray       *undo_stack;
  GPtrArray       *redo_stack;
  guint64          action_depth;
  guint64          action_serial;     /* actions pushed on the undo stack so far */

  GPtrArray       *owners;            /* MaOwner*, index = owner id; 0 is "none" */
  GPtrArray       *owner_maps;        /* per owner id: GArray of guint64 (index -> pfn), or NULL */
  GArray          *processes;         /* MaProcess */
  guint            next_pid;
  guint64          swap_total;
  guint64          swap_used;
  GArray          *writeback;         /* pfns under writeback, oldest first (a queue) */
  guint            writeback_first;
  GHashTable      *kmap_virtual;      /* pfn -> virtual address, like page_address_htable */
  MaHighmem       *highmem;           /* 32-bit layout and kmap state, made on first use */

  guint64          seed;
  guint64          rng[4];

  /* the last request shape and what it resolved to */
  gboolean         ctx_valid;
  MaGfp            ctx_gfp;
  gint             ctx_node;
  gint             ctx_start_zone;
  MaAllocContext   ctx;
  MaZone          *last_free_zone;
};

/* A GPtrArray free function for arrays that may hold NULL. */
static inline void
ma_array_unref0 (gpointer array)
{
  if (array != NULL)
    g_array_unref (array);
}

/* ------------------------------------------------------------------------------------------ */
/* Frame access */

static inline MaFrame *
ma_zone_frame (MaZone  *zone,
               guint64  pfn)
{
  return &zone->node->frames[pfn - zone->node->start_pfn];
}

static inline guint32
ma_zone_link_of (MaZone  *zone,
                 guint64  pfn)
{
  return (guint32) (pfn - zone->node->start_pfn);
}

static inline guint64
ma_zone_pfn_of_link (MaZone  *zone,
                     guint32  link)
{
  return zone->node->start_pfn + link;
}

static inline guint8 *
ma_node_pageblock (MaNode  *node,
                   guint64  pfn)
{
  return &node->pageblock_mt[(pfn >> node->machine->pageblock_order) - node->first_pageblock];
}

void ma_journal_record_frame     (MaJournal *journal,
                                  MaNode    *node,
                                  guint64    pfn);
void ma_journal_record_pageblock (MaJournal *journal,
                                  MaNode    *node,
                                  guint64    pfn);
void ma_journal_record_map       (MaJournal *journal,
                                  guint      owner,
                                  guint32    index,
                                  guint64    old);

/* Every write to a frame or a pageblock type goes through these, so that undo sees it. */
static inline void
ma_frame_write (MaZone  *zone,
                guint64  pfn,
                guint32  word0,
                guint32  word1)
{
  MaFrame *f = ma_zone_frame (zone, pfn);

  if (G_UNLIKELY (zone->node->machine->journal != NULL))
    ma_journal_record_frame (zone->node->machine->journal, zone->node, pfn);
  f->word0 = word0;
  f->word1 = word1;
}

static inline void
ma_frame_set_links (MaZone  *zone,
                    guint64  pfn,
                    guint32  next,
                    guint32  prev)
{
  MaFrame *f = ma_zone_frame (zone, pfn);

  if (G_UNLIKELY (zone->node->machine->journal != NULL))
    ma_journal_record_frame (zone->node->machine->journal, zone->node, pfn);
  f->next = next;
  f->prev = prev;
}

static inline void
ma_pageblock_write (MaZone        *zone,
                    guint64        pfn,
                    MaMigrateType  mt)
{
  if (G_UNLIKELY (zone->node->machine->journal != NULL))
    ma_journal_record_pageblock (zone->node->machine->journal, zone->node, pfn);
  *ma_node_pageblock (zone->node, pfn) = (guint8) mt;
}

static inline MaMigrateType
ma_pageblock_mt (MaZone  *zone,
                 guint64  pfn)
{
  return (MaMigrateType) *ma_node_pageblock (zone->node, pfn);
}

/* ------------------------------------------------------------------------------------------ */
/* Internal entry points between the engine's files */

/* ma-buddy.c */
gboolean  ma_zone_virgin_block       (MaZone        *zone,
                                      guint64        pfn,
                                      guint64       *out_head);
void      ma_buddy_add_virgin        (MaZone        *zone,
                                      guint64        pfn);
void      ma_buddy_materialize_virgin (MaZone       *zone);
void      ma_buddy_list_add          (MaZone        *zone,
                                      guint64        pfn,
                                      guint          order,
                                      MaMigrateType  mt,
                                      gboolean       to_tail);
void      ma_buddy_list_del          (MaZone        *zone,
                                      guint64        pfn,
                                      guint          order,
                                      MaMigrateType  mt);
gboolean  ma_buddy_rmqueue           (MaZone        *zone,
                                      guint          order,
                                      MaMigrateType  mt,
                                      guint          alloc_flags,
                                      guint64       *out_pfn);
void      ma_buddy_free_one          (MaZone        *zone,
                                      guint64        pfn,
                                      guint          order,
                                      MaMigrateType  mt,
                                      gboolean       to_tail_forced);
void      ma_buddy_reserve_highatomic (MaZone       *zone,
                                       guint64       pfn);
void      ma_zone_account_free       (MaZone        *zone,
                                      gint64         delta);

/* ma-pcp.c */
gboolean  ma_pcp_alloc               (MaZone        *zone,
                                      guint          cpu,
                                      MaMigrateType  mt,
                                      guint          alloc_flags,
                                      guint64       *out_pfn);
void      ma_pcp_free                (MaZone        *zone,
                                      guint          cpu,
                                      guint64        pfn);
guint     ma_pcp_drain_zone          (MaZone        *zone,
                                      guint          cpu);

/* ma-zonelist.c */
void      ma_zonelists_build         (MaMachine     *self);

/* ma-alloc.c */
gboolean  ma_machine_zone_watermark_ok (MaMachine   *self,
                                        MaZone      *zone,
                                        guint        order,
                                        MaWatermark  mark,
                                        guint        highest_zoneidx,
                                        guint        alloc_flags,
                                        MaZoneAttempt *out_attempt);

/* ma-machine.c */
void      ma_machine_recompute_watermarks (MaMachine *self);
void      ma_zone_update_band        (MaZone        *zone);
MaZone   *ma_machine_zone_of_pfn_internal (MaMachine *self,
                                           guint64    pfn);

/* ma-pressure.c */
void      ma_lru_add                 (MaZone        *zone,
                                      guint64        pfn,
                                      MaLruList      lru,
                                      gboolean       to_tail);
void      ma_lru_del                 (MaZone        *zone,
                                      guint64        pfn,
                                      MaLruList      lru);
void      ma_lru_replace             (MaZone        *zone,
                                      guint64        old,
                                      guint64        new,
                                      MaLruList      lru);
MaLruList ma_lru_of_frame            (const MaFrame *frame);
void      ma_owner_map_set           (MaMachine     *self,
                                      guint          owner,
                                      guint32        index,
                                      guint64        value);
void      ma_pressure_free_user_page (MaMachine     *self,
                                      MaZone        *zone,
                                      guint64        pfn);
void      ma_pressure_init           (MaMachine     *self);
void      ma_pressure_clear          (MaMachine     *self);

/* ma-highmem.c */
void            ma_highmem_free          (MaHighmem            *highmem);
MaHighmemState *ma_highmem_state_save    (MaMachine            *self);
void            ma_highmem_state_restore (MaMachine            *self,
                                          const MaHighmemState *state);
void            ma_highmem_state_free    (MaHighmemState       *state);
gboolean        ma_highmem_state_equal   (const MaHighmemState *a,
                                          const MaHighmemState *b);
gsize           ma_highmem_state_size    (const MaHighmemState *state);
guint64         ma_highmem_hash          (MaMachine            *self);
gboolean        ma_highmem_check_free    (MaMachine            *self,
                                          guint64               head_pfn,
                                          guint                 order,
                                          GError              **error);

/* ma-check.c: undo checked against a digest taken when the undo stack was empty (tests) */
gboolean        ma_machine_check_history (MaMachine            *self,
                                          guint64               start_digest,
                                          GError              **error);

/* ma-journal.c */
MaJournal *ma_journal_new            (MaMachine     *machine,
                                      const char    *label);
void       ma_journal_free           (MaJournal     *journal);
void       ma_journal_commit         (MaJournal     *journal);
void       ma_journal_apply          (MaJournal     *journal,
                                      gboolean       forward);
const char *ma_journal_get_label     (MaJournal     *journal);
void       ma_journal_set_serial     (MaJournal     *journal,
                                      guint64        serial);
guint64    ma_journal_get_serial     (MaJournal     *journal);
gsize      ma_journal_get_size       (MaJournal     *journal);
gboolean   ma_journal_changed        (MaJournal     *journal);

/* Asks the CPU to start loading the frame of @pfn, for a caller that knows it will touch it
 * soon (the benchmark workload, one free ahead): on a 1 TiB machine that load is a DRAM miss. */
static inline void
ma_machine_prefetch_frame (MaMachine *self,
                           guint64    pfn)
{
  for (guint i = 0; i < self->n_nodes; i++)
    {
      const MaNode *node = &self->nodes[i];

      if (pfn - node->start_pfn < node->spanned)
        {
          __builtin_prefetch (&node->frames[pfn - node->start_pfn], 1);
          return;
        }
    }
}

G_END_DECLS
