package com.acme.bad;

import com.acme.*;
import io.steadfast.annotation.*;
import io.steadfast.consume.MessageContext;
import io.steadfast.produce.SendAck;
import java.util.List;
import java.util.concurrent.CompletableFuture;

@ReliableProducer(topic = "orders")
public interface NoSendMethods {}
