package io.steadfast.spring;

import io.steadfast.Steadfast;
import io.steadfast.produce.ReliableSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.util.StringUtils;

/**
 * Registers one bean per generated producer listed in the processor's index: {@code
 * Steadfast.producer(Interface.class, sender)} over the starter's {@link ReliableSender}, named
 * after the interface ({@code OrderEvents} becomes {@code orderEvents}). An interface that already
 * has a bean (the application defined its own) is left alone.
 */
final class ProducerBeanRegistrar
    implements BeanDefinitionRegistryPostProcessor, BeanClassLoaderAware {
  private static final Logger log = LoggerFactory.getLogger(ProducerBeanRegistrar.class);

  private ClassLoader classLoader = ProducerBeanRegistrar.class.getClassLoader();

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    ConfigurableListableBeanFactory beans = (ConfigurableListableBeanFactory) registry;
    for (Class<?> iface : GeneratedTypes.producers(classLoader)) {
      if (beans.getBeanNamesForType(iface, true, false).length > 0) {
        log.debug("Producer {} has a bean of the application's; not registering one", iface);
        continue;
      }
      RootBeanDefinition definition = new RootBeanDefinition(Steadfast.class);
      definition.setFactoryMethodName("producer");
      definition.getConstructorArgumentValues().addIndexedArgumentValue(0, iface);
      definition
          .getConstructorArgumentValues()
          .addIndexedArgumentValue(1, new RuntimeBeanReference(ReliableSender.class));
      definition.setTargetType(iface);
      String name = StringUtils.uncapitalize(iface.getSimpleName());
      registry.registerBeanDefinition(
          registry.containsBeanDefinition(name) ? iface.getName() : name, definition);
      log.debug("Registered producer bean {} ({})", name, iface.getName());
    }
  }
}
