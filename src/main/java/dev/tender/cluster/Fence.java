package dev.tender.cluster;

/** The ownership a write is made under: it applies only while the partition's epoch is still this. */
public record Fence(String kind, int partition, long epoch) {}
