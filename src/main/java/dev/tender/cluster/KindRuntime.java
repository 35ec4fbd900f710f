package dev.tender.cluster;

/** What the owner of a kind's partitions runs: its declaration, its rules and its store. */
public record KindRuntime<S, C, R>(Kind<C, R> kind, Behaviour<S, C, R> behaviour, AggregateStore<S> store) {}
