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
 * The heap a piece of work needs. Its live set: the largest heap in use right after a full
 * collection, which a sampler thread asks for every {@code interval} while the work runs (a
 * young collection leaves dead old objects counted, so "after any GC" overstates it the longer
 * the work runs). Also the largest heap after any collection, and the peak of the heap pools
 * (garbage included, which depends on the collector's sizing, not on the work).
 */
final class PeakHeap implements AutoCloseable {
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final AtomicLong maxLive = new AtomicLong();
  private final List<Runnable> unregister = new ArrayList<>();
  private Thread sampler;

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

  /**
   * Collects garbage, then starts measuring from here, sampling the live set every {@code
   * intervalMillis}. Returns the live heap now, in bytes.
   */
  synchronized long reset(long intervalMillis) {
    stopSampling();
    System.gc();
    long live = heapUsed();
    maxAfterGc.set(live);
    maxLive.set(live);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
    }
    sampler = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(intervalMillis);
          System.gc();
          maxLive.accumulateAndGet(heapUsed(), Math::max);
        }
      } catch (InterruptedException e) {
        // stopped
      }
    }, "peak-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    return live;
  }

  /** Stops sampling; the figures stay as they are. */
  synchronized void stopSampling() {
    if (sampler == null) return;
    sampler.interrupt();
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sampler = null;
  }

  /** The largest heap in use right after a full collection since {@link #reset}, in bytes. */
  long maxLive() {
    return maxLive.get();
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
    stopSampling();
    unregister.forEach(Runnable::run);
  }
}
