import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local listening on 127.0.0.1 only. Its own launcher binds Jetty to every interface and has no
 * option for the host, so that anyone on the network could read and change the table with any
 * credentials. This builds the server the jar's way from the same arguments, sets the host on its Jetty
 * connector (a private field: DynamoDB Local exposes no other handle) and starts it.
 *
 * Run by infra/local/dynamodb-local.ts as a single source file (`java -cp DynamoDBLocal.jar
 * LoopbackDynamoDbLocal.java -port …`), so nothing is compiled into the repository. It configures no
 * telemetry, so none is sent.
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field jetty = DynamoDBProxyServer.class.getDeclaredField("server");
    jetty.setAccessible(true);
    for (Connector connector : ((Server) jetty.get(proxy)).getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
  }
}
