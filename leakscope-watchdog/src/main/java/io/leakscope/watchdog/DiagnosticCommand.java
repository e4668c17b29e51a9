package io.leakscope.watchdog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * This JVM's {@code com.sun.management:type=DiagnosticCommand} MBean: jcmd's commands in-process,
 * without the Attach API. Operations are named in camel case ({@code GC.class_histogram} is {@code
 * gcClassHistogram}) and take the command's arguments as one {@code String[]}.
 */
final class DiagnosticCommand {

  private static final String NAME = "com.sun.management:type=DiagnosticCommand";
  private static final String[] SIGNATURE = {String[].class.getName()};

  private DiagnosticCommand() {}

  /** Runs the command and returns its output ("" when it has none). */
  static String invoke(String operation, String... arguments) throws JMException {
    try {
      return invoke(ManagementFactory.getPlatformMBeanServer(), operation, arguments);
    } catch (IOException local) {
      throw new IllegalStateException("the platform MBean server is local", local);
    }
  }

  /** Runs the command in the JVM behind {@code server} (this one, or another through JMX). */
  static String invoke(MBeanServerConnection server, String operation, String... arguments)
      throws IOException, JMException {
    Object result =
        server.invoke(new ObjectName(NAME), operation, new Object[] {arguments}, SIGNATURE);
    return result == null ? "" : result.toString();
  }

  /** Whether the MBean offers the operation on this JVM; false when it cannot be asked. */
  static boolean has(String operation) {
    try {
      for (MBeanOperationInfo op :
          ManagementFactory.getPlatformMBeanServer()
              .getMBeanInfo(new ObjectName(NAME))
              .getOperations()) {
        if (op.getName().equals(operation)) {
          return true;
        }
      }
      return false;
    } catch (JMException e) {
      return false;
    }
  }
}
