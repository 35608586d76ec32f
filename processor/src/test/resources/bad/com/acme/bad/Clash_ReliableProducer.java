package com.acme.bad;

import com.acme.*;
import io.steadfast.annotation.*;
import io.steadfast.consume.MessageContext;
import io.steadfast.produce.SendAck;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Hand-written class with the name the processor would generate. */
public class Clash_ReliableProducer {}
