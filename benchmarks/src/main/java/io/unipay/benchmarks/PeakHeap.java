package io.unipay.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a piece of work needs: the largest heap still in use after any garbage collection
 * during it (its live set at worst, what bounds {@code -Xmx}), and the peak of the heap pools
 * (garbage included, which depends on the collector's sizing, not on the work).
 */
final class PeakHeap implements AutoCloseable {
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final List<Runnable> unregister = new ArrayList<>();

  PeakHeap() {
    NotificationListener listener = (notification, handback) -> {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
          notification.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      long used = 0;
      for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
        used += usage.getUsed();
      }
      maxAfterGc.accumulateAndGet(used - nonHeapAfterGc(info), Math::max);
    };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      NotificationEmitter emitter = (NotificationEmitter) gc;
      emitter.addNotificationListener(listener, null, null);
      unregister.add(() -> {
        try {
          emitter.removeNotificationListener(listener);
        } catch (javax.management.ListenerNotFoundException ignored) {
          // already gone
        }
      });
    }
  }

  /** The after-GC usage of the non-heap pools in {@code info} (the map holds every pool). */
  private static long nonHeapAfterGc(GarbageCollectionNotificationInfo info) {
    long nonHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.NON_HEAP) {
        MemoryUsage usage = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
        if (usage != null) nonHeap += usage.getUsed();
      }
    }
    return nonHeap;
  }

  /** Collects garbage, then starts measuring from here. Returns the live heap now, in bytes. */
  long reset() {
    System.gc();
    long live = heapUsed();
    maxAfterGc.set(live);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
    }
    return live;
  }

  /** The largest heap in use after a collection since {@link #reset}, in bytes. */
  long maxLiveAfterGc() {
    return maxAfterGc.get();
  }

  /** The sum of the heap pools' peaks since {@link #reset}, in bytes. */
  long peakUsed() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
    }
    return peak;
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Override
  public void close() {
    unregister.forEach(Runnable::run);
  }
}
