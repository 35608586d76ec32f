package io.steadfast.testkit.server;

/** A started server role inside a child JVM. */
interface ServerRole {
  /** Key=value pairs reported to the parent once the role is ready. */
  String readyInfo();

  /** Executes one command ({@code parts[0]} is the request id, {@code parts[1]} the verb). */
  String handle(String[] parts) throws Exception;
}
